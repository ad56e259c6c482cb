import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

@Suite struct KafkaMetadataTests {
    private typealias Response = MetadataResponse
    private static let topicID = KafkaUUID(mostSignificantBits: 0x1111_2222_3333_4444, leastSignificantBits: 0x5555_6666_7777_8888)

    @Test func requestForAllTopicsV1IsNullArray() throws {
        #expect(kafkaBytes(try MetadataRequest.allTopics.encodedBody(version: 1)) == [0xFF, 0xFF, 0xFF, 0xFF])
        // v4 adds allow-auto-creation; v8 the two authorized-operations flags.
        #expect(kafkaBytes(try MetadataRequest.allTopics.encodedBody(version: 4)) == [0xFF, 0xFF, 0xFF, 0xFF, 0x00])
        #expect(kafkaBytes(try MetadataRequest.allTopics.encodedBody(version: 8)) == [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00])
        #expect(kafkaBytes(try MetadataRequest.allTopics.encodedBody(version: 9)) == [0x00, 0x00, 0x00, 0x00, 0x00])
        #expect(kafkaBytes(try MetadataRequest.allTopics.encodedBody(version: 12)) == [0x00, 0x00, 0x00, 0x00])
    }

    @Test func requestForNamedTopicsV12CarriesZeroIDs() throws {
        let body = kafkaBytes(try MetadataRequest(topicNames: ["orders"]).encodedBody(version: 12))
        #expect(body == [0x02] + [UInt8](repeating: 0, count: 16) + kafkaCompactString("orders") + [0x00, 0x00, 0x00, 0x00])
        let v1 = kafkaBytes(try MetadataRequest(topicNames: ["orders"]).encodedBody(version: 1))
        #expect(v1 == kafkaInt32(1) + kafkaString("orders"))
    }

    @Test func requestWithoutNameBeforeV10Throws() {
        #expect(throws: KafkaProtocolError.unexpectedNull(what: "topic name")) {
            _ = try MetadataRequest(topics: [.init(name: nil, topicID: Self.topicID)]).encodedBody(version: 9)
        }
    }

    @Test func requestsRoundTrip() throws {
        try expectRoundTrip { version in
            MetadataRequest(
                topics: [.init(name: "orders", topicID: version >= 10 ? Self.topicID : .zero)] + (version >= 10 ? [.init(name: nil, topicID: Self.topicID)] : []),
                allowAutoTopicCreation: version < 4, includeClusterAuthorizedOperations: (8...10).contains(version),
                includeTopicAuthorizedOperations: version >= 8)
        }
        try expectRoundTrip { version in MetadataRequest(topics: nil, allowAutoTopicCreation: version < 4) }
    }

    private static func sample(_ version: Int16) -> Response {
        Response(
            throttleTimeMs: version >= 3 ? 12 : 0,
            brokers: [
                .init(nodeID: 0, host: "kafka-0.kafka-headless", port: 9092, rack: "zone-a"),
                .init(nodeID: 1, host: "kafka-client", port: 9092, rack: nil),
            ],
            clusterID: version >= 2 ? "saga-cluster" : nil, controllerID: 0,
            topics: [
                .init(
                    errorCode: .none, name: "orders", topicID: version >= 10 ? topicID : .zero, isInternal: false,
                    partitions: [
                        .init(partitionIndex: 0, leaderID: 0, leaderEpoch: version >= 7 ? 4 : -1,
                              replicaNodes: [0, 1, 2], isrNodes: [0], offlineReplicas: version >= 5 ? [2] : []),
                        .init(errorCode: .leaderNotAvailable, partitionIndex: 1, leaderID: -1,
                              replicaNodes: [1, 2, 0], isrNodes: []),
                    ],
                    topicAuthorizedOperations: version >= 8 ? 0x0DF8 : Response.authorizedOperationsOmitted),
                .init(errorCode: .unknownTopicOrPartition, name: version >= 12 ? nil : "gone", partitions: []),
                .init(name: "__consumer_offsets", isInternal: true, partitions: []),
            ],
            clusterAuthorizedOperations: (8...10).contains(version) ? 0x0F : Response.authorizedOperationsOmitted,
            errorCode: version >= 13 ? KafkaErrorCode(129) : .none)
    }

    @Test func responsesRoundTrip() throws {
        try expectRoundTrip(Self.sample)
    }

    static let v1Body: [UInt8] = kafkaInt32(1)
        + kafkaInt32(0) + kafkaString("kafka-0") + kafkaInt32(9092) + [0xFF, 0xFF]
        + kafkaInt32(0)  // Controller id.
        + kafkaInt32(1)
        + [0x00, 0x00] + kafkaString("orders") + [0x00]
        + kafkaInt32(1)
        + [0x00, 0x00] + kafkaInt32(0) + kafkaInt32(0)
        + kafkaInt32(3) + kafkaInt32(0) + kafkaInt32(1) + kafkaInt32(2)
        + kafkaInt32(1) + kafkaInt32(0)

    @Test func decodesV1FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v1Body), version: 1)
        #expect(response == Response(
            brokers: [.init(nodeID: 0, host: "kafka-0", port: 9092)], controllerID: 0,
            topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, leaderID: 0, replicaNodes: [0, 1, 2], isrNodes: [0])])]))
        expectTruncationsFail(Response.self, bytes: Self.v1Body, version: 1)
    }

    static let v12Body: [UInt8] = kafkaInt32(0)
        + [0x02] + kafkaInt32(1) + kafkaCompactString("kafka-1") + kafkaInt32(9092) + kafkaCompactString("r1") + [0x00]
        + kafkaCompactString("abc") + kafkaInt32(1)
        + [0x02]
        + [0x00, 0x00] + kafkaCompactString("orders")
        + [0x11, 0x11, 0x22, 0x22, 0x33, 0x33, 0x44, 0x44, 0x55, 0x55, 0x66, 0x66, 0x77, 0x77, 0x88, 0x88]
        + [0x00]
        + [0x02]
        + [0x00, 0x09] + kafkaInt32(2) + kafkaInt32(1) + kafkaInt32(7)
        + [0x04] + kafkaInt32(1) + kafkaInt32(2) + kafkaInt32(0)
        + [0x02] + kafkaInt32(1)
        + [0x02] + kafkaInt32(2)
        + [0x00]
        + [0x80, 0x00, 0x00, 0x00] + [0x00]
        + [0x00]

    private static let v12Expected = Response(
        brokers: [.init(nodeID: 1, host: "kafka-1", port: 9092, rack: "r1")], clusterID: "abc", controllerID: 1,
        topics: [.init(name: "orders", topicID: topicID, partitions: [
            .init(errorCode: .replicaNotAvailable, partitionIndex: 2, leaderID: 1, leaderEpoch: 7,
                  replicaNodes: [1, 2, 0], isrNodes: [1], offlineReplicas: [2]),
        ])])

    @Test func decodesV12FromSpec() throws {
        #expect(try Response.decode(body: kafkaBuffer(Self.v12Body), version: 12) == Self.v12Expected)
        expectTruncationsFail(Response.self, bytes: Self.v12Body, version: 12)
    }

    @Test func decodesV13TopLevelErrorCode() throws {
        var bytes = Self.v12Body
        bytes.insert(contentsOf: [0x00, 0x81], at: bytes.count - 1)
        let response = try Response.decode(body: kafkaBuffer(bytes), version: 13)
        var expected = Self.v12Expected
        expected.errorCode = KafkaErrorCode(129)
        #expect(response == expected)
        #expect(response.errorCode.name == "REBOOTSTRAP_REQUIRED")
    }

    @Test func skipsUnknownTaggedFieldsEverywhere() throws {
        var bytes = Self.v12Body
        // Replace the final (top-level) empty tag section with one unknown tag.
        bytes.removeLast()
        bytes += [0x01, 0x1F, 0x03, 0xDE, 0xAD, 0x00]
        #expect(try Response.decode(body: kafkaBuffer(bytes), version: 12) == Self.v12Expected)
    }

    @Test func fullFrameRoundTripsWithHeaderV1() throws {
        let response = Self.sample(12)
        let frame = try KafkaEnvelope.encodeResponse(response, version: 12, correlationID: 99)
        var stream = frame
        let body = try #require(try KafkaFrameDecoder().nextFrame(from: &stream))
        #expect(kafkaBytes(body).prefix(5) == [0, 0, 0, 99, 0x00])
        #expect(try KafkaEnvelope.decodeResponse(to: MetadataRequest.self, frame: body, version: 12, correlationID: 99) == response)
        #expect(throws: KafkaProtocolError.correlationIDMismatch(expected: 100, received: 99)) {
            _ = try KafkaEnvelope.decodeResponse(to: MetadataRequest.self, frame: body, version: 12, correlationID: 100)
        }
    }

    @Test func hostileLengthsThrow() {
        // Broker count of two billion with nothing behind it.
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "array", length: 2_000_000_000, remaining: 0)) {
            _ = try Response.decode(body: kafkaBuffer(kafkaInt32(2_000_000_000)), version: 1)
        }
        // A replica array claiming -3 elements.
        var bytes = Self.v1Body
        let replicaCountOffset = bytes.count - 4 - 4 - 12 - 4
        bytes.replaceSubrange(replicaCountOffset..<replicaCountOffset + 4, with: kafkaInt32(-3))
        #expect(throws: KafkaProtocolError.negativeLength(what: "array", length: -3)) {
            _ = try Response.decode(body: kafkaBuffer(bytes), version: 1)
        }
    }
}
