import NIOSSL
import InfraTopBasics

/// Builds the TLS configuration for one cluster: its CA (or the system roots), the client
/// certificate if any, and no verification only where the kubeconfig asks for it.
enum TLSSettings {
    static func make(access: ClusterAccess, clientCertificatePEM: [UInt8]?, clientKeyPEM: Secret?) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if access.insecureSkipTLSVerify {
            tls.certificateVerification = .none
        } else if let ca = access.certificateAuthorityPEM {
            do {
                let certificates = try NIOSSLCertificate.fromPEMBytes(ca)
                guard !certificates.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
                tls.trustRoots = .certificates(certificates)
            } catch {
                throw KubernetesError(.configuration, "The certificate authority of context \(access.contextName) is not a PEM certificate (\(access.origin))")
            }
        }
        if let certificatePEM = clientCertificatePEM, let keyPEM = clientKeyPEM {
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificatePEM).map { .certificate($0) }
            } catch {
                throw KubernetesError(.configuration, "The client certificate of context \(access.contextName) is not a PEM certificate (\(access.origin))")
            }
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.revealed.utf8), format: .pem))
            } catch {
                // Never say more about a key than that it did not load.
                throw KubernetesError(.configuration, "The client key of context \(access.contextName) is not a PEM private key (\(access.origin))")
            }
        }
        return tls
    }
}
