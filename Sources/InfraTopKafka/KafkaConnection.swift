import NIOCore
import NIOPosix
import InfraTopBasics

/// One open connection to one Kafka broker, with the API versions agreed on it.
///
/// ApiVersions is the first request on every connection; after it each API is
/// spoken at the highest version both sides support. Requests may be sent from
/// any thread, several at a time; each has its own timeout, after which the
/// connection closes, since a late answer could only confuse the next one.
/// Failures are ``KafkaClientError`` sentences naming the address.
package final class KafkaConnection: Sendable {
    /// How to connect and how long to wait.
    package struct Configuration: Sendable {
        package var connectTimeout: TimeAmount
        /// Longest wait for each answer, ApiVersions included.
        package var requestTimeout: TimeAmount
        /// Sent in every request header; brokers log it and quote it in their metrics.
        package var clientID: String
        package var maximumFrameSize: Int
        /// How connections are opened: TCP, or a tunnel through the Kubernetes API.
        package var dialer: any Dialer

        package init(
            connectTimeout: TimeAmount = .seconds(3), requestTimeout: TimeAmount = .seconds(5),
            clientID: String = "infratop", maximumFrameSize: Int = KafkaFrameDecoder.defaultMaximumFrameSize,
            dialer: any Dialer = DirectDialer()
        ) {
            self.dialer = dialer
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.clientID = clientID
            self.maximumFrameSize = maximumFrameSize
        }
    }

    /// The address connected to (the one infratop used, not necessarily the advertised one).
    package let endpoint: Endpoint
    /// The broker's answer to ApiVersions: every API it knows and its range.
    let brokerAPIs: [ApiVersionsResponse.APIVersion]
    /// The version agreed for each API both sides speak; APIs missing here are unavailable.
    package let versions: [KafkaAPIKey: Int16]
    /// The ApiVersions version that was answered (3, or lower for older brokers).
    package let apiVersionsVersion: Int16
    let channel: Channel
    let configuration: Configuration

    init(
        channel: Channel, endpoint: Endpoint, configuration: Configuration,
        apiVersionsVersion: Int16, brokerAPIs: [ApiVersionsResponse.APIVersion]
    ) {
        self.channel = channel
        self.endpoint = endpoint
        self.configuration = configuration
        self.apiVersionsVersion = apiVersionsVersion
        self.brokerAPIs = brokerAPIs
        self.versions = KafkaVersionNegotiation.negotiate(broker: brokerAPIs)
    }

    package var eventLoop: EventLoop { channel.eventLoop }
    /// False once the connection has closed, for whatever reason.
    package var isActive: Bool { channel.isActive }

    /// Whether the broker offers `api` at a version infratop speaks.
    package func supports(_ api: KafkaAPIKey) -> Bool { versions[api] != nil }

    /// Connects and asks for ApiVersions.
    package static func connect(
        to endpoint: Endpoint, configuration: Configuration = Configuration(), on eventLoop: EventLoop
    ) -> EventLoopFuture<KafkaConnection> {
        let maximumFrameSize = configuration.maximumFrameSize
        let connectTimeout = configuration.connectTimeout
        return configuration.dialer.connect(to: endpoint, on: eventLoop, connectTimeout: connectTimeout) { channel in
            channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                try pipeline.addHandler(ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: maximumFrameSize)))
                try pipeline.addHandler(KafkaRequestHandler(KafkaPipelining()))
            }
        }
            .flatMapErrorThrowing { error in
                throw KafkaClientError.from(error, endpoint: endpoint, api: "ApiVersions", connectTimeout: connectTimeout)
            }
            .flatMap { channel in
                negotiate(on: channel, endpoint: endpoint, configuration: configuration)
                    .flatMapError { error in
                        // A broker we cannot talk to leaves a useless socket behind.
                        channel.close().flatMapResult { _ in Result<KafkaConnection, Error>.failure(error) }
                    }
            }
    }

    /// ApiVersions at v3; a broker that does not speak v3 answers UNSUPPORTED_VERSION
    /// (in the v0 format) with its own range, and the request is repeated at the
    /// highest version that range allows.
    private static func negotiate(
        on channel: Channel, endpoint: Endpoint, configuration: Configuration
    ) -> EventLoopFuture<KafkaConnection> {
        let ours = ApiVersionsRequest.supportedVersions
        @Sendable func attempt(_ version: Int16, retriesLeft: Int) -> EventLoopFuture<KafkaConnection> {
            send(ApiVersionsRequest(), version: version, on: channel, endpoint: endpoint, configuration: configuration)
                .flatMapThrowing { response -> (KafkaConnection?, Int16?) in
                    if response.errorCode == .unsupportedVersion, retriesLeft > 0 {
                        // Some brokers send no usable range with the error; v0 is always spoken.
                        let theirs = response.versionRange(for: .apiVersions)
                        let retry = theirs.flatMap { KafkaVersionNegotiation.negotiate(ours, $0) } ?? 0
                        return (nil, retry < version ? retry : 0)
                    }
                    guard response.errorCode.isNone else {
                        throw KafkaClientError.brokerError(endpoint, api: "ApiVersions", code: response.errorCode, message: nil)
                    }
                    let connection = KafkaConnection(
                        channel: channel, endpoint: endpoint, configuration: configuration,
                        apiVersionsVersion: version, brokerAPIs: response.apiVersions)
                    return (connection, nil)
                }
                .flatMap { connection, retry in
                    if let connection { return channel.eventLoop.makeSucceededFuture(connection) }
                    return attempt(retry ?? 0, retriesLeft: retriesLeft - 1)
                }
                .flatMapError { error in
                    // An answer to v1+ that cannot be read may be a refusal in a shape of its own;
                    // v0 has no optional parts, so it is the one version every broker gets right.
                    guard case KafkaClientError.protocolViolation = error, version > 0, retriesLeft > 0, channel.isActive else {
                        return channel.eventLoop.makeFailedFuture(error)
                    }
                    return attempt(0, retriesLeft: 0)
                }
        }
        return attempt(ours.upperBound, retriesLeft: 2)
    }

    /// Sends `request` at the version agreed for its API.
    ///
    /// Fails with ``KafkaClientError/apiUnavailable(_:api:)`` when the broker does not offer it.
    package func send<Request: KafkaRequest>(_ request: Request) -> EventLoopFuture<Request.Response> {
        guard let version = versions[Request.apiKey] else {
            return eventLoop.makeFailedFuture(KafkaClientError.apiUnavailable(endpoint, api: Request.apiKey.name))
        }
        return Self.send(request, version: version, on: channel, endpoint: endpoint, configuration: configuration)
    }

    /// Closes the connection; pending requests fail.
    @discardableResult
    package func close() -> EventLoopFuture<Void> {
        channel.close().recover { _ in }
    }

    static func send<Request: KafkaRequest>(
        _ request: Request, version: Int16, on channel: Channel, endpoint: Endpoint, configuration: Configuration
    ) -> EventLoopFuture<Request.Response> {
        let api = Request.apiKey.name
        let clientID = configuration.clientID
        let timeout = configuration.requestTimeout
        let promise = channel.eventLoop.makePromise(of: KafkaInboundFrame.self)
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(KafkaClientError.requestTimeout(endpoint, api: api, seconds: KafkaClientError.seconds(timeout)))
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        let outbound = PipelinedRequest(
            KafkaOutboundRequest { id in try KafkaEnvelope.encodeRequest(request, version: version, correlationID: id, clientID: clientID) },
            promise: promise)
        channel.writeAndFlush(outbound, promise: nil)
        return promise.futureResult
            .flatMapThrowing { inbound in
                try KafkaEnvelope.decodeResponse(
                    to: Request.self, frame: inbound.frame, version: version, correlationID: inbound.correlationID)
            }
            .flatMapErrorThrowing { error in
                switch error {
                case KafkaTransportError.closed:
                    throw KafkaClientError.closed(endpoint, api: api)
                case KafkaTransportError.unknownCorrelationID(let id):
                    throw KafkaClientError.unknownCorrelationID(endpoint, received: id)
                default:
                    throw KafkaClientError.from(error, endpoint: endpoint, api: api, connectTimeout: configuration.connectTimeout)
                }
            }
    }
}
