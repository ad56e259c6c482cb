import Foundation
import InfraTopBasics

extension Kubeconfig {
    /// Resolves one context (the current one unless `context` names another) into access details,
    /// reading the certificate files it names.
    package func access(context requested: String? = nil, namespace: String? = nil, fallbackNamespace: String = "default") throws(KubeconfigError) -> ClusterAccess {
        guard let name = requested ?? currentContext, !name.isEmpty else {
            throw KubeconfigError("\(fileList): no current-context is set; pass --context (contexts: \(contexts.keys.sorted().joined(separator: ", ")))")
        }
        guard let context = contexts[name] else {
            let known = contexts.keys.sorted()
            throw KubeconfigError("\(fileList): context \"\(name)\" does not exist (contexts: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
        }
        guard let cluster = clusters[context.cluster] else {
            throw KubeconfigError("\(context.file): context \"\(name)\" names cluster \"\(context.cluster)\", which no kubeconfig file defines")
        }
        guard !cluster.server.isEmpty else {
            throw KubeconfigError("\(cluster.file): clusters[\(context.cluster)].cluster.server is missing")
        }
        guard let url = URL(string: cluster.server), let scheme = url.scheme?.lowercased(),
              scheme == "https" || scheme == "http", url.host != nil else {
            throw KubeconfigError("\(cluster.file): clusters[\(context.cluster)].cluster.server \"\(cluster.server)\" is not an http(s) URL")
        }
        let user: User
        if context.user.isEmpty {
            user = User(file: context.file)
        } else if let found = users[context.user] {
            user = found
        } else {
            throw KubeconfigError("\(context.file): context \"\(name)\" names user \"\(context.user)\", which no kubeconfig file defines")
        }
        var ca = cluster.certificateAuthorityData
        if ca == nil, let path = cluster.certificateAuthority {
            ca = try KubeconfigLoader.readBytes(path, purpose: "certificate-authority of cluster \"\(context.cluster)\"")
        }
        if cluster.insecureSkipTLSVerify, ca != nil {
            // kubectl refuses this combination rather than guess which one was meant.
            throw KubeconfigError("\(cluster.file): clusters[\(context.cluster)] sets both a certificate authority and insecure-skip-tls-verify; remove one")
        }
        return ClusterAccess(
            contextName: name,
            server: cluster.server.hasSuffix("/") ? String(cluster.server.dropLast()) : cluster.server,
            namespace: namespace ?? context.namespace ?? fallbackNamespace,
            certificateAuthorityPEM: ca,
            insecureSkipTLSVerify: cluster.insecureSkipTLSVerify,
            tlsServerName: cluster.tlsServerName,
            credentials: try credentials(of: user, named: context.user),
            origin: "kubeconfig \(fileList)"
        )
    }

    private func credentials(of user: User, named name: String) throws(KubeconfigError) -> ClusterAccess.Credentials {
        let key = "users[\(name)].user"
        if let provider = user.authProvider {
            throw KubeconfigError("\(user.file): \(key).auth-provider \"\(provider)\" is not supported (kubectl removed it too); use an exec plugin such as kubelogin or gke-gcloud-auth-plugin")
        }
        var credentials = ClusterAccess.Credentials()
        credentials.clientCertificatePEM = user.clientCertificateData
        if credentials.clientCertificatePEM == nil, let path = user.clientCertificate {
            credentials.clientCertificatePEM = try KubeconfigLoader.readBytes(path, purpose: "client-certificate of user \"\(name)\"")
        }
        credentials.clientKeyPEM = user.clientKeyData
        if credentials.clientKeyPEM == nil, let path = user.clientKey {
            let bytes = try KubeconfigLoader.readBytes(path, purpose: "client-key of user \"\(name)\"")
            credentials.clientKeyPEM = Secret(String(decoding: bytes, as: UTF8.self))
        }
        if (credentials.clientCertificatePEM == nil) != (credentials.clientKeyPEM == nil) {
            let missing = credentials.clientKeyPEM == nil ? "client-key" : "client-certificate"
            throw KubeconfigError("\(user.file): \(key) has a client certificate or key without its pair; add \(missing) (or \(missing)-data)")
        }
        let hasToken = user.token != nil || user.tokenFile != nil
        let hasBasic = user.username != nil || user.password != nil
        if hasToken && hasBasic {
            throw KubeconfigError("\(user.file): \(key) sets both a token and username/password; keep one")
        }
        credentials.token = user.token
        credentials.tokenFile = user.token == nil ? user.tokenFile : nil
        credentials.username = user.username
        credentials.password = user.password
        credentials.exec = user.exec
        return credentials
    }
}
