import Foundation

/// The access a pod has to its own cluster: `KUBERNETES_SERVICE_HOST`/`_PORT` and the files the
/// kubelet mounts for the service account.
package struct InClusterConfig: Sendable, Equatable {
    /// Normally `/var/run/secrets/kubernetes.io/serviceaccount`; tests point it elsewhere.
    package var directory: String

    package init(directory: String = "/var/run/secrets/kubernetes.io/serviceaccount") {
        self.directory = directory
    }

    var tokenPath: String { (directory as NSString).appendingPathComponent("token") }
    var certificateAuthorityPath: String { (directory as NSString).appendingPathComponent("ca.crt") }
    var namespacePath: String { (directory as NSString).appendingPathComponent("namespace") }

    /// True when the environment and the token say this process runs in a pod.
    package func isAvailable(environment: [String: String]) -> Bool {
        !(environment["KUBERNETES_SERVICE_HOST"] ?? "").isEmpty && !(environment["KUBERNETES_SERVICE_PORT"] ?? "").isEmpty
            && FileManager.default.fileExists(atPath: tokenPath)
    }

    /// The pod's access; the namespace is `namespace`, else the service account's, else `default`.
    package func access(environment: [String: String], namespace: String? = nil) throws(KubeconfigError) -> ClusterAccess {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else {
            throw KubeconfigError("Not running in a pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set")
        }
        guard FileManager.default.fileExists(atPath: tokenPath) else {
            throw KubeconfigError("\(tokenPath): no service-account token; is automountServiceAccountToken off for this pod?")
        }
        let ca = FileManager.default.fileExists(atPath: certificateAuthorityPath)
            ? try KubeconfigLoader.readBytes(certificateAuthorityPath, purpose: "service-account CA") : nil
        var podNamespace: String?
        if let text = try? KubeconfigLoader.readText(namespacePath, purpose: "namespace") {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            podNamespace = trimmed.isEmpty ? nil : trimmed
        }
        // An IPv6 service address needs brackets in a URL.
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return ClusterAccess(
            contextName: "in-cluster",
            server: "https://\(hostPart):\(port)",
            namespace: namespace ?? podNamespace ?? "default",
            certificateAuthorityPEM: ca,
            credentials: ClusterAccess.Credentials(tokenFile: tokenPath),
            origin: "the pod's service account"
        )
    }
}
