import Foundation
import InfraTopBasics

/// The clusters, users and contexts of one or more kubeconfig files, merged as kubectl merges
/// them: the first file to define a name wins, and the current context comes from the first
/// file that sets one.
///
/// Relative paths are already resolved against the directory of the file that held them.
package struct Kubeconfig: Sendable, Equatable {
    /// Where the API server is and how to trust it (`clusters[].cluster`).
    package struct Cluster: Sendable, Equatable {
        package var server: String
        /// A file path, absolute after loading.
        package var certificateAuthority: String?
        var certificateAuthorityData: [UInt8]?
        package var insecureSkipTLSVerify: Bool
        /// The name to send as SNI and to verify the server certificate against, instead of the server's host.
        package var tlsServerName: String?
        /// The file that defined it, for error messages.
        package var file: String

        package init(server: String, certificateAuthority: String? = nil, certificateAuthorityData: [UInt8]? = nil,
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
    package struct User: Sendable, Equatable {
        package var token: Secret?
        package var tokenFile: String?
        package var clientCertificate: String?
        package var clientCertificateData: [UInt8]?
        var clientKey: String?
        package var clientKeyData: Secret?
        package var username: String?
        package var password: Secret?
        package var exec: ExecPluginConfig?
        /// The name of a legacy `auth-provider` (gcp, azure, oidc), which infratop does not run.
        var authProvider: String?
        package var file: String

        package init(file: String = "") { self.file = file }
    }

    /// A cluster, a user and a namespace under one name (`contexts[].context`).
    package struct Context: Sendable, Equatable {
        package var cluster: String
        package var user: String
        package var namespace: String?
        package var file: String

        package init(cluster: String, user: String, namespace: String? = nil, file: String = "") {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
            self.file = file
        }
    }

    package var clusters: [String: Cluster] = [:]
    package var users: [String: User] = [:]
    package var contexts: [String: Context] = [:]
    package var currentContext: String?
    /// The files read, in precedence order.
    package var files: [String] = []

    package init() {}

    /// Adds another file's definitions without overriding any already present (kubectl's merge rule).
    package mutating func merge(_ other: Kubeconfig) {
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
package struct ExecPluginConfig: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    package enum InteractiveMode: String, Sendable {
        case never = "Never"
        case ifAvailable = "IfAvailable"
        case always = "Always"
    }

    package var command: String
    package var args: [String]
    /// Extra environment for the plugin. Values may be secrets, so they are never described.
    package var env: [(name: String, value: String)]
    /// `client.authentication.k8s.io/v1` or `v1beta1`.
    package var apiVersion: String
    package var installHint: String?
    package var provideClusterInfo: Bool
    package var interactiveMode: InteractiveMode

    package init(command: String, args: [String] = [], env: [(name: String, value: String)] = [],
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

    package var description: String {
        let names = env.map { "\($0.name)=<redacted>" }.joined(separator: " ")
        return "exec plugin \(command) \(args.joined(separator: " "))\(names.isEmpty ? "" : " with \(names)") (\(apiVersion))"
    }

    package var customMirror: Mirror {
        Mirror(self, children: ["command": command, "args": args, "env": env.map(\.name), "apiVersion": apiVersion,
                                "provideClusterInfo": provideClusterInfo, "interactiveMode": interactiveMode.rawValue])
    }

    package static func == (lhs: ExecPluginConfig, rhs: ExecPluginConfig) -> Bool {
        lhs.command == rhs.command && lhs.args == rhs.args && lhs.apiVersion == rhs.apiVersion
            && lhs.env.map(\.name) == rhs.env.map(\.name) && lhs.env.map(\.value) == rhs.env.map(\.value)
            && lhs.installHint == rhs.installHint && lhs.provideClusterInfo == rhs.provideClusterInfo
            && lhs.interactiveMode == rhs.interactiveMode
    }
}
