import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

@Suite struct KafkaOffsetFetchTests {
    private typealias Request = OffsetFetchRequest
    private typealias Response = OffsetFetchResponse

    @Test func requestBytesV1AndV8() throws {
        let single = Request(groups: [.init(groupID: "saga", topics: [.init(name: "orders", partitionIndexes: [0, 1])])])
        #expect(kafkaBytes(try single.encodedBody(version: 1))
            == kafkaString("saga") + kafkaInt32(1) + kafkaString("orders") + kafkaInt32(2) + kafkaInt32(0) + kafkaInt32(1))
        let all = Request(groups: [.init(groupID: "saga", topics: nil), .init(groupID: "billing", topics: nil)])
        #expect(kafkaBytes(try all.encodedBody(version: 8))
            == [0x03] + kafkaCompactString("saga") + [0x00, 0x00] + kafkaCompactString("billing") + [0x00, 0x00] + [0x00] + [0x00])
        #expect(throws: KafkaProtocolError.unexpectedNull(what: "topics before v2")) {
            _ = try Request(groups: [.init(groupID: "saga", topics: nil)]).encodedBody(version: 1)
        }
        #expect(throws: KafkaProtocolError.invalidValue(what: "group count before v8", value: 2)) {
            _ = try all.encodedBody(version: 7)
        }
    }

    @Test func requestsRoundTrip() throws {
        try expectRoundTrip { version in
            let named = Request.Group(groupID: "saga", topics: [.init(name: "orders", partitionIndexes: [0, 2])])
            let all = Request.Group(groupID: "billing", topics: nil)
            return Request(groups: version >= 8 ? [named, all] : [version >= 2 ? all : named], requireStable: version >= 7)
        }
    }

    @Test func responsesRoundTrip() throws {
        try expectRoundTrip { version in
            let topics = [Response.Topic(name: "orders", partitions: [
                .init(partitionIndex: 0, committedOffset: 41, committedLeaderEpoch: version >= 5 ? 2 : -1, metadata: "m"),
                .init(partitionIndex: 1, committedOffset: -1, metadata: nil, errorCode: .unknownTopicOrPartition),
            ])]
            let first = Response.Group(groupID: version >= 8 ? "saga" : "", topics: topics, errorCode: version >= 2 ? .notCoordinator : .none)
            let second = Response.Group(groupID: "billing", topics: [], errorCode: .groupIDNotFound)
            return Response(throttleTimeMs: version >= 3 ? 8 : 0, groups: version >= 8 ? [first, second] : [first])
        }
    }

    static let v1Body: [UInt8] = kafkaInt32(1) + kafkaString("orders") + kafkaInt32(1)
        + kafkaInt32(0) + kafkaInt64(41) + [0xFF, 0xFF] + [0x00, 0x00]

    @Test func decodesV1FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v1Body), version: 1)
        #expect(response == Response(groups: [.init(topics: [.init(name: "orders", partitions: [
            .init(partitionIndex: 0, committedOffset: 41),
        ])])]))
        expectTruncationsFail(Response.self, bytes: Self.v1Body, version: 1)
    }

    static let v8Body: [UInt8] = kafkaInt32(0) + [0x02]
        + kafkaCompactString("saga") + [0x02]
        + kafkaCompactString("orders") + [0x02]
        + kafkaInt32(3) + kafkaInt64(1000) + kafkaInt32(4) + kafkaCompactString("") + [0x00, 0x00] + [0x00]
        + [0x00]
        + [0x00, 0x00] + [0x00]
        + [0x00]

    @Test func decodesV8FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v8Body), version: 8)
        #expect(response == Response(groups: [.init(groupID: "saga", topics: [.init(name: "orders", partitions: [
            .init(partitionIndex: 3, committedOffset: 1000, committedLeaderEpoch: 4, metadata: ""),
        ])])]))
        expectTruncationsFail(Response.self, bytes: Self.v8Body, version: 8)
    }

    @Test func decodesV7GroupError() throws {
        let bytes: [UInt8] = kafkaInt32(0) + [0x01] + [0x00, 0x10] + [0x00]
        let response = try Response.decode(body: kafkaBuffer(bytes), version: 7)
        #expect(response.groups == [.init(topics: [], errorCode: .notCoordinator)])
    }
}
