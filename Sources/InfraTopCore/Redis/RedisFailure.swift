import Foundation
import NIOCore
import NIOPosix
import NIOSSL

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
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return CollectorError("cannot resolve \(endpoint.host) — check the Redis host in REDIS_URL")
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
        case is NIOSSLError, is BoringSSLError:
            return CollectorError("TLS handshake with \(address) failed (\(error)) — check that the server speaks TLS (rediss://) and its certificate")
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
        case RedisTransportError.closed, ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.eof:
            return closed(endpoint)
        case RedisTransportError.timedOut:
            return CollectorError("Redis at \(endpoint.address) did not answer \(command) within \(seconds(timeout))")
        case RedisTransportError.protocolViolation(let violation):
            return CollectorError("\(endpoint.address) does not speak RESP as expected: \(violation)")
        case let error as IOError where error.errnoCode == ECONNRESET || error.errnoCode == EPIPE:
            return closed(endpoint)
        default:
            return CollectorError("request \(command) to \(endpoint.address) failed: \(redacting(String(describing: error), from: endpoint))")
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
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
