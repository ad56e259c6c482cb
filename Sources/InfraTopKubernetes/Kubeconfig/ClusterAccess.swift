import InfraTopBasics

/// Everything needed to talk to one API server as one user in one namespace: a kubeconfig
/// context resolved, or a pod's service account.
public struct ClusterAccess: Sendable, Equatable {
    /// The context's name, or `in-cluster` inside a pod; named in error sentences.
    public var contextName: String
    /// The API server's base URL, such as `https://127.0.0.1:6443`.
    public var server: String
    public var namespace: String
    /// PEM certificates to trust instead of the system roots; nil means the system roots.
    public var certificateAuthorityPEM: [UInt8]?
    /// True only where the kubeconfig says `insecure-skip-tls-verify: true`.
    public var insecureSkipTLSVerify: Bool
    public var tlsServerName: String?
    public var credentials: Credentials
    /// Where this came from ("kubeconfig /home/me/.kube/config"), for messages.
    public var origin: String

    public init(contextName: String, server: String, namespace: String, certificateAuthorityPEM: [UInt8]? = nil,
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
    public struct Credentials: Sendable, Equatable {
        public var clientCertificatePEM: [UInt8]?
        public var clientKeyPEM: Secret?
        public var token: Secret?
        /// Read again every minute, since service-account and projected tokens rotate.
        public var tokenFile: String?
        public var username: String?
        public var password: Secret?
        public var exec: ExecPluginConfig?

        public init(clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: Secret? = nil, token: Secret? = nil,
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
