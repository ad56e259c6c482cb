import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import InfraTopBasics

/// Puts what went wrong with a Redis server into one sentence a person can act on.
///
/// Every sentence names the server by `host:port` only and passes server text
/// through ``redacting(_:from:)``, because Redis echoes arguments (the password
/// among them) in some errors, e.g. `unknown command 'HELLO', with args beginning with: ...`.
enum RedisFailure {
    /// A failure to open the connection (TCP or TLS).
    static func connecting(to endpoint: RedisEndpoint, timeout: TimeAmount, error: Error) -> CollectorError {
        let address = endpoint.address
        switch error {
        case let error as CollectorError:
            return error
        case let error as PortForwardError:
            return CollectorError(error.message)
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return CollectorError("cannot resolve \(endpoint.host) — check the Redis host in REDIS_URL, or port-forward it when running outside the cluster")
            }
            if let first = error.connectionErrors.first {
                return connecting(to: endpoint, timeout: timeout, error: first.error)
            }
            return CollectorError("cannot connect to \(address) — check the Redis host in REDIS_URL")
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED:
                return CollectorError("connection refused by \(address) — is Redis running?")
            case EHOSTUNREACH, ENETUNREACH:
                return CollectorError("\(address) is unreachable — check the network path to Redis")
            case ECONNRESET, EPIPE:
                return closed(endpoint)
            default:
                return CollectorError("cannot connect to \(address): \(String(cString: strerror(error.errnoCode)))")
            }
        case ChannelError.connectTimeout:
            return CollectorError("no answer from \(address) within \(seconds(timeout)) — check the network path to Redis")
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return tls(endpoint, error: error)
        case let error as RedisTransportError:
            return transport(error, endpoint: endpoint, command: "HELLO", timeout: timeout)
        default:
            return CollectorError("cannot connect to \(address): \(redacting(String(describing: error), from: endpoint))")
        }
    }

    /// A request that got no reply.
    static func transport(_ error: Error, endpoint: RedisEndpoint, command: String, timeout: TimeAmount) -> CollectorError {
        switch error {
        case let error as CollectorError:
            return error
        case let error as PortForwardError:
            return CollectorError(error.message)
        case _ where isClosure(error):
            // A TLS port drops a client that speaks plain RESP at once, before any reply.
            if command == "HELLO" && !endpoint.usesTLS {
                return CollectorError("connection to \(endpoint.address) closed during login — if that port expects TLS, use rediss://")
            }
            return closed(endpoint)
        case RedisTransportError.timedOut:
            // A plain port reads a TLS ClientHello as an unfinished inline command and waits for more.
            if command == "HELLO" && endpoint.usesTLS {
                return CollectorError("Redis at \(endpoint.address) did not answer HELLO within \(seconds(timeout)) — check that this port speaks TLS (rediss://)")
            }
            return CollectorError("Redis at \(endpoint.address) did not answer \(command) within \(seconds(timeout))")
        case RedisTransportError.protocolViolation(let violation):
            return CollectorError("\(endpoint.address) does not speak RESP as expected: \(violation)")
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            // NIOSSL reports a failed handshake through the pipeline, so it arrives as the first request's failure.
            return tls(endpoint, error: error)
        default:
            return CollectorError("request \(command) to \(endpoint.address) failed: \(redacting(String(describing: error), from: endpoint))")
        }
    }

    /// Whether `error` means the connection is gone: closed, reset or broken.
    private static func isClosure(_ error: Error) -> Bool {
        switch error {
        case RedisTransportError.closed, ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.eof:
            return true
        case let error as IOError:
            return error.errnoCode == ECONNRESET || error.errnoCode == EPIPE
        default:
            return false
        }
    }

    /// An error reply from the server.
    static func serverError(_ message: String, endpoint: RedisEndpoint, command: String) -> CollectorError {
        let code = message.prefix { $0 != " " }.uppercased()
        switch code {
        case "NOAUTH", "WRONGPASS":
            return CollectorError("\(code) from \(endpoint.address) — check REDIS_PASSWORD")
        case "NOPERM":
            return CollectorError("NOPERM from \(endpoint.address): the Redis user may not run \(command) — grant it in the ACL")
        default:
            return CollectorError("Redis at \(endpoint.address) refused \(command): \(redacting(message, from: endpoint))")
        }
    }

    static func tls(_ endpoint: RedisEndpoint, error: Error) -> CollectorError {
        let address = endpoint.address
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return CollectorError("TLS certificate of \(address) does not name \(endpoint.host) — connect by a name the certificate lists")
        }
        // BoringSSL's description is a stack of "error:...:OPENSSL_internal:REASON at file:line"; the REASON is what helps.
        let text = String(describing: error)
        var reason = text
        if let marker = text.range(of: "OPENSSL_internal:") {
            reason = String(text[marker.upperBound...].prefix { $0 != " " && $0 != "]" })
        }
        if reason == "CERTIFICATE_VERIFY_FAILED" {
            return CollectorError("TLS certificate of \(address) is not trusted — give infratop the CA that signed it")
        }
        return CollectorError("TLS handshake with \(address) failed (\(reason)) — check that the server speaks TLS (rediss://)")
    }

    static func closed(_ endpoint: RedisEndpoint) -> CollectorError {
        CollectorError("connection to \(endpoint.address) closed — Redis may have restarted or dropped the client")
    }

    /// `text` with the endpoint's password replaced by `***`.
    static func redacting(_ text: String, from endpoint: RedisEndpoint) -> String {
        guard let password = endpoint.password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }

    static func seconds(_ amount: TimeAmount) -> String {
        let seconds = Double(amount.nanoseconds) / 1e9
        return seconds == seconds.rounded() ? "\(Int(saturating: seconds)) s" : String(format: "%.1f s", seconds)
    }
}
