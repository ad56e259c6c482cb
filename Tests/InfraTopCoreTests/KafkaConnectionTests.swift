import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKafka

@Suite("Kafka connection", .serialized)
struct KafkaConnectionTests {
    let loop = MultiThreadedEventLoopGroup.singleton.next()
    let quick = KafkaConnection.Configuration(connectTimeout: .seconds(2), requestTimeout: .milliseconds(300))

    static let metadata = MetadataResponse(
        brokers: [.init(nodeID: 0, host: "kafka-client", port: 9092)], clusterID: "c1", controllerID: 0,
        topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, leaderID: 0, replicaNodes: [0], isrNodes: [0])])])

    @Test func negotiatesTheHighestCommonVersionAndMatchesAnswersOutOfOrder() throws {
        let held = HeldRequests()
        let broker = try KafkaScriptedBroker { request in
            if request.apiKey == .apiVersions { return kafkaApiVersionsReply(request) }
            // Hold the first Metadata and answer it after the second, to prove answers are matched by id.
            guard let first = held.swap(request) else { return .silence }
            var both = try! KafkaEnvelope.encodeResponse(Self.metadata, version: request.version, correlationID: request.correlationID)
            var earlier = try! KafkaEnvelope.encodeResponse(Self.metadata, version: first.version, correlationID: first.correlationID)
            both.writeBuffer(&earlier)
            return .bytes(both)
        }
        defer { broker.stop() }
        let connection = try KafkaConnection.connect(to: broker.endpoint, configuration: quick, on: loop).wait()
        defer { connection.close() }
        #expect(connection.apiVersionsVersion == 3)
        #expect(connection.versions[.metadata] == 13)
        #expect(connection.versions[.listOffsets] == 7)
        let first = connection.send(MetadataRequest.allTopics)
        let second = connection.send(MetadataRequest.allTopics)
        #expect(try first.wait() == Self.metadata)
        #expect(try second.wait() == Self.metadata)
        #expect(held.versions == [13, 13])
    }

    @Test func retriesApiVersionsAtTheVersionAnOlderBrokerOffers() throws {
        let seen = HeldRequests()
        let broker = try KafkaScriptedBroker { request in
            _ = seen.swap(request)
            guard request.apiKey == .apiVersions else { return .silence }
            if request.version > 2 {
                // An older broker answers in the v0 format with its own ApiVersions range.
                let refusal = ApiVersionsResponse(errorCode: .unsupportedVersion, apiVersions: [.init(apiKey: .apiVersions, minVersion: 0, maxVersion: 2)])
                return .bytes(try! KafkaEnvelope.encodeResponse(refusal, version: 0, correlationID: request.correlationID))
            }
            return kafkaApiVersionsReply(request, apis: [
                .init(apiKey: .apiVersions, minVersion: 0, maxVersion: 2), .init(apiKey: .metadata, minVersion: 0, maxVersion: 2),
            ])
        }
        defer { broker.stop() }
        let connection = try KafkaConnection.connect(to: broker.endpoint, configuration: quick, on: loop).wait()
        defer { connection.close() }
        #expect(seen.versions == [3, 2])
        #expect(connection.apiVersionsVersion == 2)
        #expect(connection.versions == [.apiVersions: 2, .metadata: 2])
        #expect(!connection.supports(.describeConfigs))
        #expect(throws: KafkaClientError.apiUnavailable(broker.endpoint, api: "DescribeConfigs")) {
            try connection.send(DescribeConfigsRequest(resources: [])).wait()
        }
    }

    @Test func retriesAtV0WhenTheRefusalCarriesNoReadableRange() throws {
        let seen = HeldRequests()
        let broker = try KafkaScriptedBroker { request in
            _ = seen.swap(request)
            guard request.apiKey == .apiVersions else { return .silence }
            if request.version == 3 {
                // librdkafka's mock clusters (2.0.2 and 2.16) answer v3 with exactly these bytes:
                // UNSUPPORTED_VERSION, an ApiKeys count byte that says "empty", one entry anyway
                // and a throttle time, so no range can be read.
                var refusal = ByteBuffer()
                refusal.writeInteger(Int32(17))
                refusal.writeInteger(request.correlationID)
                refusal.writeBytes([0x00, 0x23, 0x01, 0x00, 0x12, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00])
                return .bytes(refusal)
            }
            return kafkaApiVersionsReply(request, apis: [.init(apiKey: .apiVersions, minVersion: 0, maxVersion: 2)])
        }
        defer { broker.stop() }
        let connection = try KafkaConnection.connect(to: broker.endpoint, configuration: quick, on: loop).wait()
        defer { connection.close() }
        #expect(seen.versions == [3, 0])
        #expect(connection.apiVersionsVersion == 0)
        #expect(connection.versions == [.apiVersions: 2])
    }

    @Test func retriesAtV0WhenTheAnswerCannotBeReadAtAll() throws {
        let seen = HeldRequests()
        let broker = try KafkaScriptedBroker { request in
            _ = seen.swap(request)
            guard request.apiKey == .apiVersions else { return .silence }
            if request.version == 3 {
                var garbage = ByteBuffer()
                garbage.writeInteger(Int32(7))
                garbage.writeInteger(request.correlationID)
                garbage.writeBytes([0x00, 0x23, 0xFF])
                return .bytes(garbage)
            }
            return kafkaApiVersionsReply(request, apis: [.init(apiKey: .apiVersions, minVersion: 0, maxVersion: 2)])
        }
        defer { broker.stop() }
        let connection = try KafkaConnection.connect(to: broker.endpoint, configuration: quick, on: loop).wait()
        defer { connection.close() }
        #expect(seen.versions == [3, 0])
        #expect(connection.apiVersionsVersion == 0)
    }

    @Test func aBrokerThatCannotBeReadEvenAtV0FailsWithASentence() throws {
        let broker = try KafkaScriptedBroker { request in
            var garbage = ByteBuffer()
            garbage.writeInteger(Int32(5))
            garbage.writeInteger(request.correlationID)
            garbage.writeBytes([0x00])
            return .bytes(garbage)
        }
        defer { broker.stop() }
        // Garbage, not silence, is what is tested: a loaded machine gets more than `quick`'s 0.3 s to answer.
        let patient = KafkaConnection.Configuration(connectTimeout: .seconds(5), requestTimeout: .seconds(5))
        let error = #expect(throws: KafkaClientError.self) {
            try KafkaConnection.connect(to: broker.endpoint, configuration: patient, on: loop).wait()
        }
        guard case .protocolViolation(let endpoint, let api, _)? = error else {
            Issue.record("expected protocolViolation, got \(String(describing: error))")
            return
        }
        #expect(endpoint == broker.endpoint && api == "ApiVersions")
    }

    @Test func anAnswerToNoRequestFailsTheConnection() throws {
        let broker = try KafkaScriptedBroker { request in
            if request.apiKey == .apiVersions { return kafkaApiVersionsReply(request) }
            return .bytes(try! KafkaEnvelope.encodeResponse(Self.metadata, version: request.version, correlationID: request.correlationID + 1000))
        }
        defer { broker.stop() }
        let connection = try KafkaConnection.connect(to: broker.endpoint, configuration: quick, on: loop).wait()
        let error = #expect(throws: KafkaClientError.self) { try connection.send(MetadataRequest.allTopics).wait() }
        guard case .unknownCorrelationID(let endpoint, let received)? = error else {
            Issue.record("expected unknownCorrelationID, got \(String(describing: error))")
            return
        }
        #expect(endpoint == broker.endpoint)
        #expect(received > 1000)
        #expect(error?.description.contains("matches no request") == true)
        try connection.channel.closeFuture.wait()
        #expect(!connection.isActive)
    }

    @Test func aFrameCutShortByTheBrokerFailsWithASentence() throws {
        let broker = try KafkaScriptedBroker { request in
            if request.apiKey == .apiVersions { return kafkaApiVersionsReply(request) }
            // The size prefix promises 100 bytes; only the correlation id follows.
            var cut = ByteBuffer()
            cut.writeInteger(Int32(100))
            cut.writeInteger(request.correlationID)
            return .bytesThenClose(cut)
        }
        defer { broker.stop() }
        let connection = try KafkaConnection.connect(to: broker.endpoint, configuration: quick, on: loop).wait()
        #expect(throws: KafkaClientError.closed(broker.endpoint, api: "Metadata")) {
            try connection.send(MetadataRequest.allTopics).wait()
        }
    }

    @Test func aTruncatedBodyIsAProtocolErrorNotACrash() throws {
        let broker = try KafkaScriptedBroker { request in
            if request.apiKey == .apiVersions { return kafkaApiVersionsReply(request) }
            var full = try! KafkaEnvelope.encodeResponse(Self.metadata, version: request.version, correlationID: request.correlationID)
            // Keep a consistent size prefix but drop the body's tail.
            var body = full.getSlice(at: 4, length: 12)!
            full.clear()
            full.writeInteger(Int32(body.readableBytes))
            full.writeBuffer(&body)
            return .bytes(full)
        }
        defer { broker.stop() }
        let connection = try KafkaConnection.connect(to: broker.endpoint, configuration: quick, on: loop).wait()
        defer { connection.close() }
        let error = #expect(throws: KafkaClientError.self) { try connection.send(MetadataRequest.allTopics).wait() }
        guard case .protocolViolation(_, let api, _)? = error else {
            Issue.record("expected protocolViolation, got \(String(describing: error))")
            return
        }
        #expect(api == "Metadata")
    }

    @Test func aSilentBrokerTimesOutAndTheConnectionCloses() throws {
        let broker = try KafkaScriptedBroker { request in
            request.apiKey == .apiVersions ? kafkaApiVersionsReply(request) : .silence
        }
        defer { broker.stop() }
        let connection = try KafkaConnection.connect(to: broker.endpoint, configuration: quick, on: loop).wait()
        let error = #expect(throws: KafkaClientError.self) { try connection.send(MetadataRequest.allTopics).wait() }
        #expect(error == .requestTimeout(broker.endpoint, api: "Metadata", seconds: 0.3))
        #expect(error?.description == "\(broker.endpoint) did not answer Metadata within 0.3 s: the broker may be overloaded or stuck")
        try connection.channel.closeFuture.wait()
    }

    @Test func aSilentBrokerFailsTheConnectWithinTheRequestTimeout() throws {
        let broker = try KafkaScriptedBroker { _ in .silence }
        defer { broker.stop() }
        #expect(throws: KafkaClientError.requestTimeout(broker.endpoint, api: "ApiVersions", seconds: 0.3)) {
            try KafkaConnection.connect(to: broker.endpoint, configuration: quick, on: loop).wait()
        }
    }

    @Test func aRefusedConnectionIsASentenceWithTheAddress() throws {
        // Port 1 on loopback: nobody listens there. (A scripted broker stopped just before closes
        // its socket asynchronously, so the connect could still get in and then time out.)
        let endpoint = Endpoint(host: "127.0.0.1", port: 1)
        let error = #expect(throws: KafkaClientError.self) {
            try KafkaConnection.connect(to: endpoint, configuration: quick, on: loop).wait()
        }
        #expect(error == .connectionRefused(endpoint))
        #expect(error?.isUnreachable == true)
        #expect(error?.description == "\(endpoint) refused the connection: is a Kafka broker listening on port \(endpoint.port)?")
    }
}

/// Requests a script has seen, shared between the broker's thread and the test.
final class HeldRequests: @unchecked Sendable {
    private let lock = NIOLock()
    private var held: KafkaScriptedBroker.Request?
    private var seen: [Int16] = []

    /// Records `request`; returns the one held before it (and holds `request` if there was none).
    func swap(_ request: KafkaScriptedBroker.Request) -> KafkaScriptedBroker.Request? {
        lock.withLock {
            seen.append(request.version)
            if let previous = held {
                held = nil
                return previous
            }
            held = request
            return nil
        }
    }

    var versions: [Int16] { lock.withLock { seen } }
}
