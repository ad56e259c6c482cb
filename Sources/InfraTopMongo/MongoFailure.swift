import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import InfraTopBasics

/// Puts what went wrong with a mongod into one sentence a person can act on.
///
/// Every sentence names the server by `host:port`, and text from the server passes through
/// ``redacting(_:from:)`` first: mongod does not echo passwords that we know of, but nothing
/// it says may carry ours onto the screen.
enum MongoFailure {
    /// Where a missing or wrong password is given; named in the sentences that need one.
    static let passwordHint = "MONGODB_PASSWORD or the MongoDB password file"

    /// A failure while connecting: TCP, TLS, or the handshake and login.
    static func connecting(to url: MongoURL, timeout: TimeAmount, error: Error) -> CollectorError {
        let address = url.address
        switch error {
        case let error as CollectorError:
            return error
        case let error as PortForwardError:
            return CollectorError(error.message)
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return CollectorError("cannot resolve \(url.host) — check the MongoDB host in its URL, or let infratop reach it through the Kubernetes API")
            }
            if let first = error.connectionErrors.first {
                return connecting(to: url, timeout: timeout, error: first.error)
            }
            return CollectorError("cannot connect to \(address) — check the MongoDB host in its URL")
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED:
                return CollectorError("connection refused by \(address) — is mongod running?")
            case EHOSTUNREACH, ENETUNREACH:
                return CollectorError("\(address) is unreachable — check the network path to MongoDB")
            case ECONNRESET, EPIPE:
                return closed(url)
            default:
                return CollectorError("cannot connect to \(address): \(String(cString: strerror(error.errnoCode)))")
            }
        case ChannelError.connectTimeout:
            return CollectorError("no answer from \(address) within \(seconds(timeout)) — check the network path to MongoDB")
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return tls(url, error: error)
        case let error as MongoServerError:
            return serverError(error, url: url)
        case let error as SCRAMError:
            return authentication(error, url: url)
        case let error as MongoTransportError:
            return transport(error, url: url, command: "hello", timeout: timeout)
        default:
            return CollectorError("cannot connect to \(address): \(redacting(String(describing: error), from: url))")
        }
    }

    /// A request that got no usable reply.
    static func transport(_ error: Error, url: MongoURL, command: String, timeout: TimeAmount) -> CollectorError {
        switch error {
        case let error as CollectorError:
            return error
        case let error as PortForwardError:
            return CollectorError(error.message)
        case let error as MongoServerError:
            return serverError(error, url: url)
        case let error as SCRAMError:
            return authentication(error, url: url)
        case _ where isClosure(error):
            // A TLS port drops a client that speaks plain OP_MSG at once.
            if command == "hello" && !url.usesTLS {
                return CollectorError("connection to \(url.address) closed during the handshake — if that port expects TLS, add ?tls=true to the URL")
            }
            return closed(url)
        case MongoTransportError.timedOut:
            if command == "hello" && url.usesTLS {
                return CollectorError("MongoDB at \(url.address) did not answer hello within \(seconds(timeout)) — check that this port speaks TLS")
            }
            return CollectorError("MongoDB at \(url.address) did not answer \(command) within \(seconds(timeout))")
        case MongoTransportError.protocolViolation(let violation):
            return CollectorError("\(url.address) does not speak MongoDB's OP_MSG as expected: \(redacting(violation.description, from: url))")
        case MongoTransportError.unexpectedReply(let responseTo):
            return CollectorError("\(url.address) answered a request infratop did not send (responseTo \(responseTo)); the connection was dropped")
        case MongoTransportError.unencodable(let error):
            return CollectorError("the \(command) command to \(url.address) cannot be encoded: \(error)")
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return tls(url, error: error)
        default:
            return CollectorError("request \(command) to \(url.address) failed: \(redacting(String(describing: error), from: url))")
        }
    }

    /// A command the server refused.
    static func serverError(_ error: MongoServerError, url: MongoURL) -> CollectorError {
        let message = TerminalText.oneLine(redacting(error.message, from: url))
        switch error.code {
        case MongoServerError.authenticationFailed:
            let user = url.username ?? "(none)"
            return CollectorError("MongoDB at \(url.address) refused user \(user) (authSource \(url.authSource)): \(message) — check the user and \(passwordHint)")
        case MongoServerError.unauthorized:
            if url.username == nil {
                return CollectorError("MongoDB at \(url.address) requires authentication for \(error.command) — give a user in the URL (mongodb://USER@HOST) and its password through \(passwordHint)")
            }
            return CollectorError("MongoDB user \(url.username ?? "") may not run \(error.command) on \(url.address) — grant it the clusterMonitor role")
        default:
            let code = error.codeName ?? error.code.map { "code \($0)" } ?? "an error"
            return CollectorError("MongoDB at \(url.address) refused \(error.command) with \(code): \(message)")
        }
    }

    static func authentication(_ error: SCRAMError, url: MongoURL) -> CollectorError {
        switch error {
        case .unsupportedPassword:
            return CollectorError("cannot log in to MongoDB at \(url.address): \(error)")
        default:
            return CollectorError("SCRAM-SHA-256 login to \(url.address) failed: \(redacting(error.description, from: url))")
        }
    }

    static func tls(_ url: MongoURL, error: Error) -> CollectorError {
        let address = url.address
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return CollectorError("TLS certificate of \(address) does not name \(url.host) — connect by a name the certificate lists")
        }
        let text = String(describing: error)
        var reason = text
        if let marker = text.range(of: "OPENSSL_internal:") {
            reason = String(text[marker.upperBound...].prefix { $0 != " " && $0 != "]" })
        }
        if reason == "CERTIFICATE_VERIFY_FAILED" {
            return CollectorError("TLS certificate of \(address) is not trusted — give infratop the CA that signed it")
        }
        return CollectorError("TLS handshake with \(address) failed (\(reason)) — check that the server speaks TLS (?tls=true)")
    }

    static func closed(_ url: MongoURL) -> CollectorError {
        CollectorError("connection to \(url.address) closed — mongod may have restarted or dropped the client")
    }

    private static func isClosure(_ error: Error) -> Bool {
        switch error {
        case MongoTransportError.closed, ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.eof:
            return true
        case let error as IOError:
            return error.errnoCode == ECONNRESET || error.errnoCode == EPIPE
        default:
            return false
        }
    }

    /// `text` with the URL's password replaced by `***`.
    static func redacting(_ text: String, from url: MongoURL) -> String {
        guard let password = url.password?.revealed, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }

    static func seconds(_ amount: TimeAmount) -> String {
        let seconds = Double(amount.nanoseconds) / 1e9
        return seconds == seconds.rounded() ? "\(Int(saturating: seconds)) s" : String(format: "%.1f s", seconds)
    }
}
