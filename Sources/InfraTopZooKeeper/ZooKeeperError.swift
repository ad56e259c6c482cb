import Foundation
import NIOCore
import NIOPosix
import InfraTopBasics

/// Why talking to one ZooKeeper server failed, worded for the person who runs it.
package enum ZooKeeperError: Error, Sendable, Equatable, CustomStringConvertible {
    case unresolvableHost(Endpoint)
    case connectionRefused(Endpoint)
    case connectTimeout(Endpoint, seconds: Double)
    case connectionFailed(Endpoint, detail: String)
    /// `request` names what we waited for, such as "`srvr`" or "getData /controller".
    case answerTimeout(Endpoint, request: String, seconds: Double)
    case closedEarly(Endpoint, request: String)
    case notWhitelisted(Endpoint, FourLetterWord)
    /// Started but not part of a working ensemble: still starting, or cut off from its quorum.
    case notServing(Endpoint)
    case answerTooLarge(Endpoint, request: String, limit: Int)
    case malformedAnswer(Endpoint, request: String, detail: String)
    case serverError(Endpoint, ZooKeeperErrorCode, path: String)
    case sessionRefused(Endpoint)
    case pollTimeout(Endpoint, seconds: Double)
    /// The tunnel through the Kubernetes API to the server's pod could not be opened or broke.
    case tunnel(Endpoint, PortForwardError)

    package var description: String {
        switch self {
        case .unresolvableHost(let endpoint):
            "cannot resolve \(endpoint.host) (\(endpoint)): check the host name, or run infratop where cluster DNS names resolve"
        case .connectionRefused(let endpoint):
            "\(endpoint) refused the connection: is ZooKeeper running and listening on port \(endpoint.port)?"
        case .connectTimeout(let endpoint, let seconds):
            "\(endpoint) did not accept a connection within \(Self.format(seconds)): check the address and any firewall or network policy"
        case .connectionFailed(let endpoint, let detail):
            "cannot connect to \(endpoint): \(detail)"
        case .answerTimeout(let endpoint, let request, let seconds):
            "\(endpoint) did not answer \(request) within \(Self.format(seconds)): the server may be overloaded or stuck"
        case .closedEarly(let endpoint, let request):
            "\(endpoint) closed the connection before answering \(request): check that it is ZooKeeper and look at its log"
        case .notWhitelisted(let endpoint, let word):
            "\(endpoint) does not allow `\(word.rawValue)`: add it to 4lw.commands.whitelist"
        case .notServing(let endpoint):
            "\(endpoint) is not serving requests: it is starting up or cannot reach a quorum of its ensemble"
        case .answerTooLarge(let endpoint, let request, let limit):
            "\(endpoint) sent more than \(limit) bytes in answer to \(request), so infratop stopped reading: is it ZooKeeper?"
        case .malformedAnswer(let endpoint, let request, let detail):
            "\(endpoint) answered \(request) in a form infratop does not understand (\(detail)): is it ZooKeeper?"
        case .serverError(let endpoint, let code, let path):
            "\(endpoint) answered \(code.name) for \(path)\(Self.advice(for: code))"
        case .sessionRefused(let endpoint):
            "\(endpoint) refused to open a session: the server may have lost its quorum"
        case .pollTimeout(let endpoint, let seconds):
            "\(endpoint) did not finish answering within \(Self.format(seconds)): the server may be overloaded or stuck"
        case .tunnel(_, let error):
            error.message
        }
    }

    /// The failure as the store records it.
    package var collectorError: CollectorError { CollectorError(description) }

    /// Whether the server could not be reached at all, as opposed to answering badly.
    package var isUnreachable: Bool {
        switch self {
        case .unresolvableHost, .connectionRefused, .connectTimeout, .connectionFailed, .tunnel: true
        default: false
        }
    }

    /// Turns an error from SwiftNIO into a sentence about `endpoint`.
    static func from(_ error: any Error, endpoint: Endpoint, request: String, connectTimeout: TimeAmount) -> ZooKeeperError {
        if let error = error as? ZooKeeperError { return error }
        if let error = error as? PortForwardError { return .tunnel(endpoint, error) }
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty {
                // No address to try: both lookups failed.
                return .unresolvableHost(endpoint)
            }
            if error.connectionErrors.contains(where: { Self.isRefusal($0.error) }) {
                return .connectionRefused(endpoint)
            }
            if let first = error.connectionErrors.first {
                return from(first.error, endpoint: endpoint, request: request, connectTimeout: connectTimeout)
            }
        }
        if error is SocketAddressError.UnknownHost { return .unresolvableHost(endpoint) }
        if Self.isRefusal(error) { return .connectionRefused(endpoint) }
        if let error = error as? ChannelError {
            switch error {
            case .connectTimeout:
                return .connectTimeout(endpoint, seconds: Self.seconds(connectTimeout))
            case .ioOnClosedChannel, .alreadyClosed, .eof, .outputClosed:
                return .closedEarly(endpoint, request: request)
            default:
                break
            }
        }
        if let error = error as? JuteDecodingError {
            return .malformedAnswer(endpoint, request: request, detail: error.description)
        }
        if let error = error as? IOError {
            return .connectionFailed(endpoint, detail: String(cString: strerror(error.errnoCode)))
        }
        return .connectionFailed(endpoint, detail: "\(error)")
    }

    private static func isRefusal(_ error: any Error) -> Bool {
        (error as? IOError)?.errnoCode == ECONNREFUSED
    }

    static func seconds(_ amount: TimeAmount) -> Double {
        Double(amount.nanoseconds) / 1_000_000_000
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(saturating: seconds)) s" : String(format: "%.1f s", seconds)
    }

    private static func advice(for code: ZooKeeperErrorCode) -> String {
        switch code {
        case .noAuth, .authFailed:
            ": its ACL does not let an unauthenticated client read it"
        case .sessionExpired, .connectionLoss, .sessionMoved:
            ": the session was lost; infratop reconnects on the next poll"
        default:
            ""
        }
    }
}
