import InfraTopBasics

/// Everything needed to talk to one API server as one user in one namespace: a kubeconfig
/// context resolved, or a pod's service account.
package struct ClusterAccess: Sendable, Equatable {
    /// The context's name, or `in-cluster` inside a pod; named in error sentences.
    package var contextName: String
    /// The API server's base URL, such as `https://127.0.0.1:6443`.
    package var server: String
    package var namespace: String
    /// PEM certificates to trust instead of the system roots; nil means the system roots.
    package var certificateAuthorityPEM: [UInt8]?
    /// True only where the kubeconfig says `insecure-skip-tls-verify: true`.
    package var insecureSkipTLSVerify: Bool
    package var tlsServerName: String?
    package var credentials: Credentials
    /// Where this came from ("kubeconfig /home/me/.kube/config"), for messages.
    var origin: String

    package init(contextName: String, server: String, namespace: String, certificateAuthorityPEM: [UInt8]? = nil,
                 insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil,
                 credentials: Credentials = Credentials(), origin: String = "") {
        self.contextName = contextName
        self.server = server
        self.namespace = namespace
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.credentials = credentials
        self.origin = origin
    }

    /// How the client proves who it is. Several may be set: a client certificate together with a token is valid.
    package struct Credentials: Sendable, Equatable {
        package var clientCertificatePEM: [UInt8]?
        package var clientKeyPEM: Secret?
        package var token: Secret?
        /// Read again every minute, since service-account and projected tokens rotate.
        package var tokenFile: String?
        package var username: String?
        package var password: Secret?
        package var exec: ExecPluginConfig?

        package init(clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: Secret? = nil, token: Secret? = nil,
                     tokenFile: String? = nil, username: String? = nil, password: Secret? = nil, exec: ExecPluginConfig? = nil) {
            self.clientCertificatePEM = clientCertificatePEM
            self.clientKeyPEM = clientKeyPEM
            self.token = token
            self.tokenFile = tokenFile
            self.username = username
            self.password = password
            self.exec = exec
        }
    }
}
