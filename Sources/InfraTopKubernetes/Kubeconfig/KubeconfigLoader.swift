import Foundation

/// Finds and resolves cluster access the way kubectl does.
///
/// Order: an explicit `--kubeconfig` path; else every file in `KUBECONFIG` (colon-separated,
/// missing files skipped, merged first-wins); else `~/.kube/config`; and when none of those
/// exists but the process runs in a pod, the pod's service account.
package struct KubeconfigLoader: Sendable {
    package var explicitPath: String?
    /// Replaces the current context (`--context`).
    package var context: String?
    /// Replaces the context's namespace.
    package var namespace: String?
    /// The namespace when neither `namespace` nor the context names one (kubectl's is `default`).
    package var fallbackNamespace = "default"
    package var environment: [String: String]
    package var homeDirectory: String
    package var inCluster: InClusterConfig

    package init(explicitPath: String? = nil, context: String? = nil, namespace: String? = nil,
                 environment: [String: String] = ProcessInfo.processInfo.environment,
                 homeDirectory: String = NSHomeDirectory(), inCluster: InClusterConfig = InClusterConfig()) {
        self.explicitPath = explicitPath
        self.context = context
        self.namespace = namespace
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.inCluster = inCluster
    }

    /// The files kubectl would read, in precedence order, and whether each must exist.
    var searchPaths: [(path: String, required: Bool)] {
        if let explicitPath, !explicitPath.isEmpty {
            return [(Kubeconfig.resolve(explicitPath, against: FileManager.default.currentDirectoryPath), true)]
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen = Set<String>()
            return list.split(separator: ":").map(String.init).filter { !$0.isEmpty && seen.insert($0).inserted }.map { ($0, false) }
        }
        return [((homeDirectory as NSString).appendingPathComponent(".kube/config"), false)]
    }

    /// Reads and merges the kubeconfig files; nil when none exists.
    package func loadKubeconfig() throws(KubeconfigError) -> Kubeconfig? {
        var merged: Kubeconfig?
        for (path, required) in searchPaths {
            guard FileManager.default.fileExists(atPath: path) else {
                if required { throw KubeconfigError("\(path): no such kubeconfig file") }
                continue
            }
            let text = try Self.readText(path, purpose: "kubeconfig")
            let parsed = try Kubeconfig.parse(text, file: path)
            if merged == nil { merged = parsed } else { merged?.merge(parsed) }
        }
        return merged
    }

    /// The access to use: the chosen context, or the pod's service account when no kubeconfig exists.
    package func load() throws(KubeconfigError) -> ClusterAccess {
        if let config = try loadKubeconfig() {
            return try config.access(context: context, namespace: namespace, fallbackNamespace: fallbackNamespace)
        }
        if context == nil, inCluster.isAvailable(environment: environment) {
            return try inCluster.access(environment: environment, namespace: namespace)
        }
        let searched = searchPaths.map(\.path).joined(separator: ", ")
        throw KubeconfigError("No kubeconfig found (looked for \(searched)) and not running in a pod; pass --kubeconfig or set KUBECONFIG")
    }

    /// A file's text, or an error naming it and what it was for.
    static func readText(_ path: String, purpose: String) throws(KubeconfigError) -> String {
        let bytes = try readBytes(path, purpose: purpose)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw KubeconfigError("\(path): the \(purpose) is not UTF-8 text")
        }
        return text
    }

    static func readBytes(_ path: String, purpose: String) throws(KubeconfigError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as CocoaError {
            let why = switch error.code {
            case .fileReadNoSuchFile: "no such file"
            case .fileReadNoPermission: "permission denied"
            default: "cannot be read"
            }
            throw KubeconfigError("\(path): the \(purpose) file: \(why)")
        } catch {
            throw KubeconfigError("\(path): the \(purpose) file cannot be read")
        }
    }
}
