import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

@Suite struct KafkaListOffsetsTests {
    private typealias Request = ListOffsetsRequest
    private typealias Response = ListOffsetsResponse

    @Test func requestV1ForLatestIsExact() throws {
        let request = Request(topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, timestamp: Request.latestTimestamp)])])
        let expected: [UInt8] = kafkaInt32(-1) + kafkaInt32(1) + kafkaString("orders") + kafkaInt32(1) + kafkaInt32(0) + kafkaInt64(-1)
        #expect(kafkaBytes(try request.encodedBody(version: 1)) == expected)
    }

    @Test func requestV7ForEarliestIsExact() throws {
        let request = Request(
            isolationLevel: .readCommitted,
            topics: [.init(name: "orders", partitions: [.init(partitionIndex: 2, currentLeaderEpoch: 5, timestamp: Request.earliestTimestamp)])])
        let expected: [UInt8] = kafkaInt32(-1) + [0x01] + [0x02] + kafkaCompactString("orders")
            + [0x02] + kafkaInt32(2) + kafkaInt32(5) + kafkaInt64(-2) + [0x00] + [0x00] + [0x00]
        #expect(kafkaBytes(try request.encodedBody(version: 7)) == expected)
    }

    @Test func requestsRoundTrip() throws {
        try expectRoundTrip { version in
            Request(
                isolationLevel: version >= 2 ? .readCommitted : .readUncommitted,
                topics: [
                    .init(name: "orders", partitions: [
                        .init(partitionIndex: 0, currentLeaderEpoch: version >= 4 ? 3 : -1, timestamp: -1),
                        .init(partitionIndex: 1, timestamp: 1_700_000_000_000),
                    ]),
                    .init(name: "payments", partitions: []),
                ])
        }
    }

    @Test func undefinedIsolationLevelThrows() {
        #expect(throws: KafkaProtocolError.invalidValue(what: "isolation level", value: 7)) {
            _ = try Request.decode(body: kafkaBuffer(kafkaInt32(-1) + [0x07] + kafkaInt32(0)), version: 2)
        }
    }

    @Test func responsesRoundTrip() throws {
        try expectRoundTrip { version in
            Response(
                throttleTimeMs: version >= 2 ? 3 : 0,
                topics: [.init(name: "orders", partitions: [
                    .init(partitionIndex: 0, offset: 1234, leaderEpoch: version >= 4 ? 9 : -1),
                    .init(partitionIndex: 1, errorCode: .notLeaderOrFollower, timestamp: -1, offset: -1),
                ])])
        }
    }

    static let v1Body: [UInt8] = kafkaInt32(1) + kafkaString("orders") + kafkaInt32(1)
        + kafkaInt32(0) + [0x00, 0x00] + kafkaInt64(-1) + kafkaInt64(1234)

    @Test func decodesV1FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v1Body), version: 1)
        #expect(response == Response(topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, offset: 1234)])]))
        expectTruncationsFail(Response.self, bytes: Self.v1Body, version: 1)
    }

    static let v6Body: [UInt8] = kafkaInt32(0) + [0x02] + kafkaCompactString("orders") + [0x02]
        + kafkaInt32(0) + [0x00, 0x06] + kafkaInt64(-1) + kafkaInt64(-1) + kafkaInt32(3) + [0x00]
        + [0x00] + [0x00]

    @Test func decodesV6FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v6Body), version: 6)
        #expect(response == Response(topics: [.init(name: "orders", partitions: [
            .init(partitionIndex: 0, errorCode: .notLeaderOrFollower, offset: -1, leaderEpoch: 3),
        ])]))
        expectTruncationsFail(Response.self, bytes: Self.v6Body, version: 6)
    }

    @Test func hostilePartitionCountThrows() {
        // 1,000 partitions of 22+ bytes each cannot fit in 22 bytes.
        let bytes: [UInt8] = kafkaInt32(1) + kafkaString("o") + kafkaInt32(1000) + [UInt8](repeating: 0, count: 22)
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "array", length: 1000, remaining: 22)) {
            _ = try Response.decode(body: kafkaBuffer(bytes), version: 1)
        }
    }
}
