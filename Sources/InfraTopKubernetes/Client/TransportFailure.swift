import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Words an error that happened before the server answered: refused, unresolvable, TLS, timeout.
enum TransportFailure {
    static func describe(_ error: Error, purpose: RequestPurpose, server: String, timeout: Int?) -> KubernetesError {
        if let error = error as? KubernetesError { return error }
        let attempt = "Cannot \(purpose.description) at \(server)"
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout:
                return KubernetesError(.timeout, "\(attempt): connecting timed out; is the API server reachable?")
            case .deadlineExceeded, .readTimeout:
                let limit = timeout.map { " within \($0) s" } ?? ""
                return KubernetesError(.timeout, "\(attempt): the API server did not answer\(limit)")
            case .tlsHandshakeTimeout:
                return KubernetesError(.timeout, "\(attempt): the TLS handshake timed out")
            case .remoteConnectionClosed:
                return KubernetesError(.transport, "\(attempt): the API server closed the connection")
            default:
                return KubernetesError(.transport, "\(attempt): \(error)")
            }
        }
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return KubernetesError(.transport, "\(attempt): the name \(error.host) does not resolve (DNS)")
            }
            if let first = error.connectionErrors.first {
                return describe(first.error, purpose: purpose, server: server, timeout: timeout)
            }
            return KubernetesError(.transport, "\(attempt): no address of \(error.host) accepted a connection")
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return KubernetesError(.transport, "\(attempt): connection refused; is the API server running?")
            case ECONNRESET: return KubernetesError(.transport, "\(attempt): the connection was reset")
            case ETIMEDOUT: return KubernetesError(.timeout, "\(attempt): connecting timed out")
            case EHOSTUNREACH, ENETUNREACH: return KubernetesError(.transport, "\(attempt): no route to the host")
            default: return KubernetesError(.transport, "\(attempt): \(String(cString: strerror(error.errnoCode)))")
            }
        }
        if error is SocketAddressError {
            return KubernetesError(.transport, "\(attempt): the host name does not resolve (DNS)")
        }
        if let error = error as? NIOSSLError {
            if case .handshakeFailed(let inner) = error, "\(inner)".contains("CERTIFICATE_VERIFY_FAILED") {
                return KubernetesError(.tls, "\(attempt): TLS verification of the server certificate failed; the kubeconfig's certificate-authority does not sign it")
            }
            return KubernetesError(.tls, "\(attempt): TLS failed (\(error))")
        }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return KubernetesError(.tls, "\(attempt): the server certificate is not valid for that host name; set tls-server-name to a name it holds")
        }
        if error is ChannelError {
            return KubernetesError(.transport, "\(attempt): the connection failed (\(error))")
        }
        return KubernetesError(.transport, "\(attempt): \(error)")
    }
}
