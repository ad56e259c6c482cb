import Foundation

/// Finds and resolves cluster access the way kubectl does.
///
/// Order: an explicit `--kubeconfig` path; else every file in `KUBECONFIG` (colon-separated,
/// missing files skipped, merged first-wins); else `~/.kube/config`; and when none of those
/// exists but the process runs in a pod, the pod's service account.
public struct KubeconfigLoader: Sendable {
    public var explicitPath: String?
    /// Replaces the current context (`--context`).
    public var context: String?
    /// Replaces the context's namespace.
    public var namespace: String?
    /// The namespace when neither `namespace` nor the context names one (kubectl's is `default`).
    public var fallbackNamespace = "default"
    public var environment: [String: String]
    public var homeDirectory: String
    public var inCluster: InClusterConfig

    public init(explicitPath: String? = nil, context: String? = nil, namespace: String? = nil,
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
    public var searchPaths: [(path: String, required: Bool)] {
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
    public func loadKubeconfig() throws(KubeconfigError) -> Kubeconfig? {
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
    public func load() throws(KubeconfigError) -> ClusterAccess {
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

extension Kubeconfig {
    /// Resolves one context (the current one unless `context` names another) into access details,
    /// reading the certificate files it names.
    public func access(context requested: String? = nil, namespace: String? = nil, fallbackNamespace: String = "default") throws(KubeconfigError) -> ClusterAccess {
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
