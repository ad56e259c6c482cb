import Foundation
import InfraTopBasics

/// What an exec credential plugin prints (`kind: ExecCredential`): a bearer token, or a client
/// certificate and key, and when they expire.
package struct ExecCredential: Sendable, Equatable {
    package static let v1 = "client.authentication.k8s.io/v1"
    package static let v1beta1 = "client.authentication.k8s.io/v1beta1"
    package static let supportedVersions = [v1, v1beta1]

    package var token: Secret?
    package var clientCertificatePEM: [UInt8]?
    package var clientKeyPEM: Secret?
    /// Nil means it never expires (until the server answers 401).
    package var expiration: Date?

    package init(token: Secret? = nil, clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: Secret? = nil, expiration: Date? = nil) {
        self.token = token
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.expiration = expiration
    }

    /// True while the credential may still be used at `now`.
    package func isValid(at now: Date) -> Bool {
        guard let expiration else { return true }
        return now < expiration
    }

    private struct Output: Decodable {
        var kind: String?
        var apiVersion: String?
        var status: Status?

        struct Status: Decodable {
            var token: String?
            var clientCertificateData: String?
            var clientKeyData: String?
            var expirationTimestamp: String?
        }
    }

    /// Reads the plugin's standard output. Errors describe the shape, never the content, since
    /// the output holds the secret.
    package static func parse(_ output: [UInt8], apiVersion expected: String, command: String) throws(ExecPluginError) -> ExecCredential {
        let decoded: Output
        do {
            decoded = try JSONDecoder().decode(Output.self, from: Data(output))
        } catch {
            throw ExecPluginError("The exec plugin \(command) printed something that is not an ExecCredential JSON object")
        }
        guard decoded.kind == "ExecCredential" else {
            throw ExecPluginError("The exec plugin \(command) printed kind \"\(decoded.kind ?? "")\" instead of ExecCredential")
        }
        guard decoded.apiVersion == expected else {
            throw ExecPluginError("The exec plugin \(command) answered with apiVersion \"\(decoded.apiVersion ?? "")\" but the kubeconfig asks for \(expected)")
        }
        guard let status = decoded.status else {
            throw ExecPluginError("The exec plugin \(command) printed an ExecCredential without a status")
        }
        var credential = ExecCredential()
        if let token = status.token, !token.isEmpty { credential.token = Secret(token) }
        let certificate = status.clientCertificateData.flatMap { $0.isEmpty ? nil : $0 }
        let key = status.clientKeyData.flatMap { $0.isEmpty ? nil : $0 }
        if (certificate == nil) != (key == nil) {
            throw ExecPluginError("The exec plugin \(command) returned a client certificate without its key, or a key without its certificate")
        }
        // These are PEM text in the ExecCredential, not base64 as in a kubeconfig.
        credential.clientCertificatePEM = certificate.map { Array($0.utf8) }
        credential.clientKeyPEM = key.map(Secret.init)
        guard credential.token != nil || credential.clientCertificatePEM != nil else {
            throw ExecPluginError("The exec plugin \(command) returned neither a token nor a client certificate")
        }
        if let text = status.expirationTimestamp, !text.isEmpty {
            guard let date = RFC3339.date(from: text) else {
                throw ExecPluginError("The exec plugin \(command) returned an expirationTimestamp that is not RFC 3339: \"\(text)\"")
            }
            credential.expiration = date
        }
        return credential
    }

    /// The `KUBERNETES_EXEC_INFO` value: the API version, whether a terminal is available, and
    /// the cluster when the kubeconfig asks for `provideClusterInfo`.
    package static func execInfo(apiVersion: String, interactive: Bool, cluster: ClusterAccess?) -> String {
        var spec: [String: Any] = ["interactive": interactive]
        if let cluster {
            var info: [String: Any] = ["server": cluster.server]
            if let ca = cluster.certificateAuthorityPEM { info["certificate-authority-data"] = Data(ca).base64EncodedString() }
            if cluster.insecureSkipTLSVerify { info["insecure-skip-tls-verify"] = true }
            if let name = cluster.tlsServerName { info["tls-server-name"] = name }
            spec["cluster"] = info
        }
        let object: [String: Any] = ["apiVersion": apiVersion, "kind": "ExecCredential", "spec": spec]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// An exec plugin that could not be run or gave no usable credential, as a sentence.
package struct ExecPluginError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
