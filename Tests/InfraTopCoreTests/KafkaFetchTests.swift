import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

/// Fetch (key 1) at its first supported non-flexible version (4), at 11 (the last
/// non-flexible one, with sessions and rack) and at 12 (flexible, tagged fields), written
/// out byte by byte from FetchRequest.json and FetchResponse.json.
@Suite struct KafkaFetchTests {
    private typealias Request = FetchRequest
    private typealias Response = FetchResponse

    private static let request = Request(
        maxWaitMs: 0, minBytes: 1, maxBytes: 4096, isolationLevel: .readUncommitted,
        topics: [.init(name: "orders", partitions: [.init(partitionIndex: 2, fetchOffset: 1234, partitionMaxBytes: 2048)])])

    @Test func requestV4IsExact() throws {
        let expected: [UInt8] = kafkaInt32(-1) + kafkaInt32(0) + kafkaInt32(1) + kafkaInt32(4096) + [0x00]
            + kafkaInt32(1) + kafkaString("orders")
            + kafkaInt32(1) + kafkaInt32(2) + kafkaInt64(1234) + kafkaInt32(2048)
        #expect(kafkaBytes(try Self.request.encodedBody(version: 4)) == expected)
    }

    @Test func requestV11IsExact() throws {
        // v7 adds the session id and epoch (-1: a full fetch that opens no session) and the
        // forgotten topics; v9 the current leader epoch; v5 the log start offset; v11 the rack.
        let expected: [UInt8] = kafkaInt32(-1) + kafkaInt32(0) + kafkaInt32(1) + kafkaInt32(4096) + [0x00]
            + kafkaInt32(0) + kafkaInt32(-1)
            + kafkaInt32(1) + kafkaString("orders")
            + kafkaInt32(1) + kafkaInt32(2) + kafkaInt32(-1) + kafkaInt64(1234) + kafkaInt64(-1) + kafkaInt32(2048)
            + kafkaInt32(0) + kafkaString("")
        #expect(kafkaBytes(try Self.request.encodedBody(version: 11)) == expected)
    }

    @Test func requestV12IsExact() throws {
        // Compact arrays and strings, the last fetched epoch, and a tagged-field section after
        // each partition, each topic and the body.
        let expected: [UInt8] = kafkaInt32(-1) + kafkaInt32(0) + kafkaInt32(1) + kafkaInt32(4096) + [0x00]
            + kafkaInt32(0) + kafkaInt32(-1)
            + [0x02] + kafkaCompactString("orders")
            + [0x02] + kafkaInt32(2) + kafkaInt32(-1) + kafkaInt64(1234) + kafkaInt32(-1) + kafkaInt64(-1) + kafkaInt32(2048) + [0x00]
            + [0x00]
            + [0x01] + kafkaCompactString("") + [0x00]
        #expect(kafkaBytes(try Self.request.encodedBody(version: 12)) == expected)
    }

    @Test func requestWithAFrameIsExactAtV12() throws {
        // Request header v2 (client id stays a classic string, then tags) in front of the body.
        let frame = try KafkaEnvelope.encodeRequest(Self.request, version: 12, correlationID: 7, clientID: "infratop")
        let body = kafkaBytes(try Self.request.encodedBody(version: 12))
        let header: [UInt8] = kafkaInt16(1) + kafkaInt16(12) + kafkaInt32(7) + kafkaString("infratop") + [0x00]
        #expect(kafkaBytes(frame) == kafkaInt32(Int32(header.count + body.count)) + header + body)
    }

    @Test func requestsRoundTrip() throws {
        try expectRoundTrip { version in
            Request(
                maxWaitMs: 0, minBytes: 1, maxBytes: 8192, isolationLevel: .readCommitted,
                sessionID: version >= 7 ? 12 : 0, sessionEpoch: version >= 7 ? 3 : -1,
                topics: [
                    .init(name: "orders", partitions: [
                        .init(partitionIndex: 0, currentLeaderEpoch: version >= 9 ? 4 : -1, fetchOffset: 9,
                              lastFetchedEpoch: version >= 12 ? 2 : -1, logStartOffset: version >= 5 ? 1 : -1, partitionMaxBytes: 100),
                        .init(partitionIndex: 5, fetchOffset: Int64.max, partitionMaxBytes: Int32.max),
                    ]),
                    .init(name: "payments", partitions: []),
                ],
                forgottenTopics: version >= 7 ? [.init(name: "old", partitionIndexes: [1, 2])] : [],
                rackID: version >= 11 ? "eu-1a" : "")
        }
    }

    @Test func forgottenTopicsBeforeV7CannotBeSent() {
        var request = Self.request
        request.forgottenTopics = [.init(name: "old", partitionIndexes: [1])]
        #expect(throws: KafkaProtocolError.invalidValue(what: "forgotten topic count before v7", value: 1)) {
            _ = try request.encodedBody(version: 6)
        }
    }

    @Test func versionsOutsideFourToTwelveAreRefused() {
        #expect(throws: KafkaProtocolError.unsupportedVersion(apiKey: 1, version: 13, supported: 4...12)) {
            _ = try Self.request.encodedBody(version: 13)
        }
        #expect(throws: KafkaProtocolError.unsupportedVersion(apiKey: 1, version: 3, supported: 4...12)) {
            _ = try Self.request.encodedBody(version: 3)
        }
    }

    @Test func negotiationPicksTwelveFromAModernBrokerAndElevenFromAnOlderOne() {
        let modern = KafkaVersionNegotiation.negotiate(broker: [.init(apiKey: .fetch, minVersion: 4, maxVersion: 17)])
        #expect(modern[.fetch] == 12)
        let older = KafkaVersionNegotiation.negotiate(broker: [.init(apiKey: .fetch, minVersion: 0, maxVersion: 11)])
        #expect(older[.fetch] == 11)
        let ancient = KafkaVersionNegotiation.negotiate(broker: [.init(apiKey: .fetch, minVersion: 0, maxVersion: 3)])
        #expect(ancient[.fetch] == nil)
    }

    // MARK: Responses

    /// Record data: the first 10 bytes of a batch, enough to check the slice is carried as is.
    static let records: [UInt8] = kafkaInt64(100) + kafkaInt16(58)

    static let v4Body: [UInt8] = kafkaInt32(25)
        + kafkaInt32(1) + kafkaString("orders")
        + kafkaInt32(3)
        // A partition with data and one aborted transaction.
        + kafkaInt32(0) + kafkaInt16(0) + kafkaInt64(200) + kafkaInt64(150)
        + kafkaInt32(1) + kafkaInt64(4000) + kafkaInt64(120)
        + kafkaInt32(Int32(records.count)) + records
        // OFFSET_OUT_OF_RANGE, null aborted transactions, null records.
        + kafkaInt32(1) + kafkaInt16(1) + kafkaInt64(10) + kafkaInt64(10)
        + kafkaInt32(-1) + kafkaInt32(-1)
        // Empty records.
        + kafkaInt32(2) + kafkaInt16(0) + kafkaInt64(0) + kafkaInt64(0)
        + kafkaInt32(0) + kafkaInt32(0)

    @Test func decodesV4FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v4Body), version: 4)
        #expect(response == Response(throttleTimeMs: 25, topics: [.init(name: "orders", partitions: [
            .init(partitionIndex: 0, highWatermark: 200, lastStableOffset: 150,
                  abortedTransactions: [.init(producerID: 4000, firstOffset: 120)], records: kafkaBuffer(Self.records)),
            .init(partitionIndex: 1, errorCode: KafkaErrorCode(1), highWatermark: 10, lastStableOffset: 10, records: nil),
            .init(partitionIndex: 2, highWatermark: 0, lastStableOffset: 0, abortedTransactions: [], records: kafkaBuffer([])),
        ])]))
        expectTruncationsFail(Response.self, bytes: Self.v4Body, version: 4)
    }

    static let v12Body: [UInt8] = kafkaInt32(0) + kafkaInt16(0) + kafkaInt32(0)
        + [0x02] + kafkaCompactString("orders")
        + [0x03]
        // Data, no aborted transactions (null), preferred replica -1, and a tagged diverging
        // epoch (tag 0, skipped) before nothing else.
        + kafkaInt32(0) + kafkaInt16(0) + kafkaInt64(200) + kafkaInt64(200) + kafkaInt64(7)
        + [0x00] + kafkaInt32(-1)
        + [UInt8(records.count + 1)] + records
        + [0x01, 0x00, 0x0D] + kafkaInt32(3) + kafkaInt64(190) + [0x00]
        // NOT_LEADER_OR_FOLLOWER with the current leader (tag 1), an empty aborted list, null records.
        + kafkaInt32(1) + kafkaInt16(6) + kafkaInt64(-1) + kafkaInt64(-1) + kafkaInt64(-1)
        + [0x01] + kafkaInt32(-1)
        + [0x00]
        + [0x01, 0x01, 0x09] + kafkaInt32(2) + kafkaInt32(9) + [0x00]
        + [0x00]
        + [0x00]

    @Test func decodesV12FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v12Body), version: 12)
        #expect(response == Response(topics: [.init(name: "orders", partitions: [
            .init(partitionIndex: 0, highWatermark: 200, lastStableOffset: 200, logStartOffset: 7, records: kafkaBuffer(Self.records)),
            .init(partitionIndex: 1, errorCode: .notLeaderOrFollower, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1,
                  abortedTransactions: [], records: nil, currentLeader: .init(leaderID: 2, leaderEpoch: 9)),
        ])]))
        expectTruncationsFail(Response.self, bytes: Self.v12Body, version: 12)
    }

    @Test func aThrottledAnswerKeepsItsThrottleAndSessionError() throws {
        // v7+: a whole-request error (FETCH_SESSION_ID_NOT_FOUND, 70) with no topics.
        let body: [UInt8] = kafkaInt32(1500) + kafkaInt16(70) + kafkaInt32(0) + kafkaInt32(0)
        let response = try Response.decode(body: kafkaBuffer(body), version: 7)
        #expect(response == Response(throttleTimeMs: 1500, errorCode: KafkaErrorCode(70), topics: []))
    }

    @Test func responsesRoundTrip() throws {
        try expectRoundTrip { version in
            Response(
                throttleTimeMs: 3, errorCode: version >= 7 ? .notLeaderOrFollower : .none, sessionID: version >= 7 ? 44 : 0,
                topics: [.init(name: "orders", partitions: [
                    .init(partitionIndex: 0, highWatermark: 9, lastStableOffset: 8, logStartOffset: version >= 5 ? 1 : -1,
                          abortedTransactions: [.init(producerID: 1, firstOffset: 2)], preferredReadReplica: version >= 11 ? 3 : -1,
                          records: kafkaBuffer([1, 2, 3]), currentLeader: version >= 12 ? .init(leaderID: 1, leaderEpoch: 2) : nil),
                    .init(partitionIndex: 1, errorCode: KafkaErrorCode(1), highWatermark: -1, records: nil),
                ])])
        }
    }

    @Test func recordsLongerThanTheAnswerAreRefusedWithoutAllocating() {
        // A records length of 2 GiB - 1 in a 40-byte answer.
        let body: [UInt8] = kafkaInt32(0) + kafkaInt32(1) + kafkaString("o") + kafkaInt32(1)
            + kafkaInt32(0) + kafkaInt16(0) + kafkaInt64(1) + kafkaInt64(1) + kafkaInt32(-1) + kafkaInt32(Int32.max)
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "bytes", length: Int64(Int32.max), remaining: 0)) {
            _ = try Response.decode(body: kafkaBuffer(body), version: 4)
        }
    }

    @Test func hostilePartitionCountThrows() {
        // 1,000 partitions of 30+ bytes each (v4) cannot fit in 30 bytes.
        let bytes: [UInt8] = kafkaInt32(0) + kafkaInt32(1) + kafkaString("o") + kafkaInt32(1000) + [UInt8](repeating: 0, count: 30)
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "array", length: 1000, remaining: 30)) {
            _ = try Response.decode(body: kafkaBuffer(bytes), version: 4)
        }
    }

    @Test func minimumPartitionSizesMatchTheSchema() {
        // The smallest partition each version can send: nulls everywhere they are allowed.
        for version in Response.supportedVersions {
            var writer = KafkaWriter(isFlexible: Response.isFlexible(version: version))
            try? Response(topics: [.init(name: "", partitions: [.init(partitionIndex: 0, highWatermark: 0, records: nil)])])
                .encode(into: &writer, version: version)
            // Body minus throttle (4), error and session (6, v7+), topic array and name, the
            // partition array's count, and the topic's and body's tagged fields.
            let overhead = 4 + (version >= 7 ? 6 : 0) + (version >= 12 ? 1 + 1 + 1 + 1 + 1 : 4 + 2 + 4)
            #expect(writer.buffer.readableBytes - overhead == Response.minimumPartitionSize(version: version), "version \(version)")
        }
    }
}
