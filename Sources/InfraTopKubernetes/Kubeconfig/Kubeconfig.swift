import Foundation
import InfraTopBasics

/// The clusters, users and contexts of one or more kubeconfig files, merged as kubectl merges
/// them: the first file to define a name wins, and the current context comes from the first
/// file that sets one.
///
/// Relative paths are already resolved against the directory of the file that held them.
public struct Kubeconfig: Sendable, Equatable {
    /// Where the API server is and how to trust it (`clusters[].cluster`).
    public struct Cluster: Sendable, Equatable {
        public var server: String
        /// A file path, absolute after loading.
        public var certificateAuthority: String?
        public var certificateAuthorityData: [UInt8]?
        public var insecureSkipTLSVerify: Bool
        /// The name to send as SNI and to verify the server certificate against, instead of the server's host.
        public var tlsServerName: String?
        /// The file that defined it, for error messages.
        public var file: String

        public init(server: String, certificateAuthority: String? = nil, certificateAuthorityData: [UInt8]? = nil,
                    insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil, file: String = "") {
            self.server = server
            self.certificateAuthority = certificateAuthority
            self.certificateAuthorityData = certificateAuthorityData
            self.insecureSkipTLSVerify = insecureSkipTLSVerify
            self.tlsServerName = tlsServerName
            self.file = file
        }
    }

    /// How to authenticate (`users[].user`). Secrets are wrapped so no description shows them.
    public struct User: Sendable, Equatable {
        public var token: Secret?
        public var tokenFile: String?
        public var clientCertificate: String?
        public var clientCertificateData: [UInt8]?
        public var clientKey: String?
        public var clientKeyData: Secret?
        public var username: String?
        public var password: Secret?
        public var exec: ExecPluginConfig?
        /// The name of a legacy `auth-provider` (gcp, azure, oidc), which infratop does not run.
        public var authProvider: String?
        public var file: String

        public init(file: String = "") { self.file = file }
    }

    /// A cluster, a user and a namespace under one name (`contexts[].context`).
    public struct Context: Sendable, Equatable {
        public var cluster: String
        public var user: String
        public var namespace: String?
        public var file: String

        public init(cluster: String, user: String, namespace: String? = nil, file: String = "") {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
            self.file = file
        }
    }

    public var clusters: [String: Cluster] = [:]
    public var users: [String: User] = [:]
    public var contexts: [String: Context] = [:]
    public var currentContext: String?
    /// The files read, in precedence order.
    public var files: [String] = []

    public init() {}

    /// Adds another file's definitions without overriding any already present (kubectl's merge rule).
    public mutating func merge(_ other: Kubeconfig) {
        clusters.merge(other.clusters) { mine, _ in mine }
        users.merge(other.users) { mine, _ in mine }
        contexts.merge(other.contexts) { mine, _ in mine }
        if currentContext?.isEmpty ?? true { currentContext = other.currentContext }
        files += other.files
    }

    /// The files named in errors: "a.yaml", or "a.yaml, b.yaml".
    var fileList: String { files.isEmpty ? "the kubeconfig" : files.joined(separator: ", ") }
}

/// An exec credential plugin (`users[].user.exec`), run to obtain a token or a client certificate.
///
/// Its descriptions name the environment variables but never their values, which may be secrets.
public struct ExecPluginConfig: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    public enum InteractiveMode: String, Sendable {
        case never = "Never"
        case ifAvailable = "IfAvailable"
        case always = "Always"
    }

    public var command: String
    public var args: [String]
    /// Extra environment for the plugin. Values may be secrets, so they are never described.
    public var env: [(name: String, value: String)]
    /// `client.authentication.k8s.io/v1` or `v1beta1`.
    public var apiVersion: String
    public var installHint: String?
    public var provideClusterInfo: Bool
    public var interactiveMode: InteractiveMode

    public init(command: String, args: [String] = [], env: [(name: String, value: String)] = [],
                apiVersion: String = ExecCredential.v1, installHint: String? = nil,
                provideClusterInfo: Bool = false, interactiveMode: InteractiveMode = .ifAvailable) {
        self.command = command
        self.args = args
        self.env = env
        self.apiVersion = apiVersion
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
        self.interactiveMode = interactiveMode
    }

    public var description: String {
        let names = env.map { "\($0.name)=<redacted>" }.joined(separator: " ")
        return "exec plugin \(command) \(args.joined(separator: " "))\(names.isEmpty ? "" : " with \(names)") (\(apiVersion))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["command": command, "args": args, "env": env.map(\.name), "apiVersion": apiVersion,
                                "provideClusterInfo": provideClusterInfo, "interactiveMode": interactiveMode.rawValue])
    }

    public static func == (lhs: ExecPluginConfig, rhs: ExecPluginConfig) -> Bool {
        lhs.command == rhs.command && lhs.args == rhs.args && lhs.apiVersion == rhs.apiVersion
            && lhs.env.map(\.name) == rhs.env.map(\.name) && lhs.env.map(\.value) == rhs.env.map(\.value)
            && lhs.installHint == rhs.installHint && lhs.provideClusterInfo == rhs.provideClusterInfo
            && lhs.interactiveMode == rhs.interactiveMode
    }
}
