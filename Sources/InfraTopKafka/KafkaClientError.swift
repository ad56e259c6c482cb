import Foundation
import NIOCore
import NIOPosix
import InfraTopBasics

/// Why a request to one Kafka broker failed, worded for the person who runs the cluster.
///
/// Every case names the address infratop used, because with brokers that all
/// advertise one Service name the address is usually the problem.
package enum KafkaClientError: Error, Sendable, Equatable, CustomStringConvertible {
    case unresolvableHost(Endpoint)
    case connectionRefused(Endpoint)
    case connectTimeout(Endpoint, seconds: Double)
    case connectionFailed(Endpoint, detail: String)
    /// `api` is the request waited for, such as "Metadata".
    case requestTimeout(Endpoint, api: String, seconds: Double)
    case closed(Endpoint, api: String)
    /// The broker answered a request infratop never sent, so every answer on that connection is suspect.
    case unknownCorrelationID(Endpoint, received: Int32)
    case protocolViolation(Endpoint, api: String, detail: String)
    /// The broker does not offer the API at any version infratop speaks.
    case apiUnavailable(Endpoint, api: String)
    /// The broker answered with an error code for the whole request.
    case brokerError(Endpoint, api: String, code: KafkaErrorCode, message: String?)
    /// A recent attempt failed and the next is not due yet; carries that attempt's error.
    indirect case backingOff(KafkaClientError, retryInSeconds: Double)
    /// The tunnel through the Kubernetes API to the broker's pod could not be opened or broke.
    case tunnel(Endpoint, PortForwardError)

    package var description: String {
        switch self {
        case .unresolvableHost(let endpoint):
            "cannot resolve \(endpoint.host) (\(endpoint)): map broker addresses (kafka address template) or run infratop where that name resolves"
        case .connectionRefused(let endpoint):
            "\(endpoint) refused the connection: is a Kafka broker listening on port \(endpoint.port)?"
        case .connectTimeout(let endpoint, let seconds):
            "\(endpoint) did not accept a connection within \(Self.format(seconds)): check the address and any firewall or network policy"
        case .connectionFailed(let endpoint, let detail):
            "cannot connect to \(endpoint): \(detail)"
        case .requestTimeout(let endpoint, let api, let seconds):
            "\(endpoint) did not answer \(api) within \(Self.format(seconds)): the broker may be overloaded or stuck"
        case .closed(let endpoint, let api):
            "\(endpoint) closed the connection before answering \(api): the broker may be shutting down, or this is not its PLAINTEXT listener"
        case .unknownCorrelationID(let endpoint, let received):
            "\(endpoint) sent an answer with correlation id \(received), which matches no request: the connection was reset; is this a Kafka broker?"
        case .protocolViolation(let endpoint, let api, let detail):
            "\(endpoint) answered \(api) in a form infratop cannot read (\(detail))"
        case .apiUnavailable(let endpoint, let api):
            "\(api) is not available from this broker (\(endpoint))"
        case .brokerError(let endpoint, let api, let code, let message):
            "\(endpoint) answered \(api) with \(code.name)" + (message.map { ": \($0)" } ?? "")
        case .backingOff(let error, let retry):
            "\(error.description) (retrying in \(Self.format(retry)))"
        case .tunnel(_, let error):
            error.message
        }
    }

    /// Whether the broker could not be reached at all, as opposed to answering badly.
    package var isUnreachable: Bool {
        switch self {
        case .unresolvableHost, .connectionRefused, .connectTimeout, .connectionFailed, .tunnel: true
        case .backingOff(let error, _): error.isUnreachable
        default: false
        }
    }

    /// Whether the API is simply missing, which is a fact about the broker, not a failure.
    var isAPIUnavailable: Bool {
        if case .apiUnavailable = self { return true }
        return false
    }

    /// Turns an error from SwiftNIO or the codec into a sentence about `endpoint`.
    static func from(_ error: any Error, endpoint: Endpoint, api: String, connectTimeout: TimeAmount) -> KafkaClientError {
        if let error = error as? KafkaClientError { return error }
        if let error = error as? PortForwardError { return .tunnel(endpoint, error) }
        if let error = error as? KafkaProtocolError {
            return .protocolViolation(endpoint, api: api, detail: error.description)
        }
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty { return .unresolvableHost(endpoint) }
            if error.connectionErrors.contains(where: { isRefusal($0.error) }) { return .connectionRefused(endpoint) }
            if let first = error.connectionErrors.first {
                return from(first.error, endpoint: endpoint, api: api, connectTimeout: connectTimeout)
            }
        }
        if error is SocketAddressError.UnknownHost { return .unresolvableHost(endpoint) }
        if isRefusal(error) { return .connectionRefused(endpoint) }
        if let error = error as? ChannelError {
            switch error {
            case .connectTimeout: return .connectTimeout(endpoint, seconds: seconds(connectTimeout))
            case .ioOnClosedChannel, .alreadyClosed, .eof, .outputClosed: return .closed(endpoint, api: api)
            default: break
            }
        }
        if let error = error as? IOError {
            // A reset or broken pipe on an open connection is the broker going away mid-request.
            if error.errnoCode == ECONNRESET || error.errnoCode == EPIPE { return .closed(endpoint, api: api) }
            return .connectionFailed(endpoint, detail: String(cString: strerror(error.errnoCode)))
        }
        return .connectionFailed(endpoint, detail: "\(error)")
    }

    private static func isRefusal(_ error: any Error) -> Bool {
        (error as? IOError)?.errnoCode == ECONNREFUSED
    }

    static func seconds(_ amount: TimeAmount) -> Double { Double(amount.nanoseconds) / 1_000_000_000 }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
