import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

@Suite struct KafkaFindCoordinatorTests {
    private typealias Request = FindCoordinatorRequest
    private typealias Response = FindCoordinatorResponse

    @Test func requestBytesPerVersion() throws {
        let request = Request(keys: ["saga"])
        #expect(kafkaBytes(try request.encodedBody(version: 0)) == kafkaString("saga"))
        #expect(kafkaBytes(try request.encodedBody(version: 1)) == kafkaString("saga") + [0x00])
        #expect(kafkaBytes(try request.encodedBody(version: 3)) == kafkaCompactString("saga") + [0x00, 0x00])
        let batched = Request(keys: ["saga", "orders"])
        #expect(kafkaBytes(try batched.encodedBody(version: 4))
            == [0x00, 0x03] + kafkaCompactString("saga") + kafkaCompactString("orders") + [0x00])
        #expect(throws: KafkaProtocolError.invalidValue(what: "coordinator key count before v4", value: 2)) {
            _ = try batched.encodedBody(version: 3)
        }
    }

    @Test func requestsRoundTrip() throws {
        try expectRoundTrip { version in
            Request(keyType: version >= 1 ? .transaction : .group, keys: version >= 4 ? ["a", "b"] : ["a"])
        }
    }

    @Test func responsesRoundTrip() throws {
        try expectRoundTrip { version in
            let first = Response.Coordinator(
                key: version >= 4 ? "saga" : "", nodeID: 1, host: "kafka-1", port: 9092,
                errorCode: .none, errorMessage: version >= 1 ? "fine" : nil)
            let second = Response.Coordinator(key: "orders", nodeID: -1, host: "", port: -1, errorCode: .coordinatorNotAvailable)
            return Response(throttleTimeMs: version >= 1 ? 5 : 0, coordinators: version >= 4 ? [first, second] : [first])
        }
    }

    static let v0Body: [UInt8] = [0x00, 0x00] + kafkaInt32(2) + kafkaString("kafka-2") + kafkaInt32(9092)

    @Test func decodesV0FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v0Body), version: 0)
        #expect(response == Response(coordinators: [.init(nodeID: 2, host: "kafka-2", port: 9092)]))
        expectTruncationsFail(Response.self, bytes: Self.v0Body, version: 0)
    }

    static let v4Body: [UInt8] = kafkaInt32(0) + [0x03]
        + kafkaCompactString("saga") + kafkaInt32(0) + kafkaCompactString("kafka-0") + kafkaInt32(9092) + [0x00, 0x00] + [0x00] + [0x00]
        + kafkaCompactString("late") + kafkaInt32(-1) + [0x01] + kafkaInt32(-1) + [0x00, 0x0E] + kafkaCompactString("loading") + [0x00]
        + [0x00]

    @Test func decodesV4FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v4Body), version: 4)
        #expect(response == Response(coordinators: [
            .init(key: "saga", nodeID: 0, host: "kafka-0", port: 9092),
            .init(key: "late", nodeID: -1, host: "", port: -1, errorCode: .coordinatorLoadInProgress, errorMessage: "loading"),
        ]))
        expectTruncationsFail(Response.self, bytes: Self.v4Body, version: 4)
    }

    @Test func decodesV3WithError() throws {
        let bytes: [UInt8] = kafkaInt32(0) + [0x00, 0x0F] + [0x00] + kafkaInt32(-1) + [0x01] + kafkaInt32(-1) + [0x00]
        let response = try Response.decode(body: kafkaBuffer(bytes), version: 3)
        #expect(response.coordinators == [.init(nodeID: -1, host: "", port: -1, errorCode: .coordinatorNotAvailable)])
    }
}
