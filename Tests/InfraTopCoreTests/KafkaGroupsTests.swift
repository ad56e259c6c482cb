import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

@Suite struct KafkaListGroupsTests {
    @Test func requestBytes() throws {
        #expect(kafkaBytes(try ListGroupsRequest().encodedBody(version: 0)) == [])
        #expect(kafkaBytes(try ListGroupsRequest().encodedBody(version: 3)) == [0x00])
        #expect(kafkaBytes(try ListGroupsRequest(statesFilter: ["Stable"]).encodedBody(version: 4))
            == [0x02] + kafkaCompactString("Stable") + [0x00])
    }

    @Test func roundTrips() throws {
        try expectRoundTrip { version in ListGroupsRequest(statesFilter: version >= 4 ? ["Stable", "Empty"] : []) }
        try expectRoundTrip { version in
            ListGroupsResponse(
                throttleTimeMs: version >= 1 ? 2 : 0, errorCode: .coordinatorLoadInProgress,
                groups: [.init(groupID: "saga", protocolType: "consumer", groupState: version >= 4 ? "Stable" : ""),
                         .init(groupID: "offsets-only", protocolType: "")])
        }
    }

    static let v0Body: [UInt8] = [0x00, 0x00] + kafkaInt32(1) + kafkaString("saga") + kafkaString("consumer")

    @Test func decodesV0FromSpec() throws {
        let response = try ListGroupsResponse.decode(body: kafkaBuffer(Self.v0Body), version: 0)
        #expect(response == ListGroupsResponse(groups: [.init(groupID: "saga", protocolType: "consumer")]))
        expectTruncationsFail(ListGroupsResponse.self, bytes: Self.v0Body, version: 0)
    }

    static let v4Body: [UInt8] = kafkaInt32(0) + [0x00, 0x00] + [0x02]
        + kafkaCompactString("saga") + kafkaCompactString("consumer") + kafkaCompactString("PreparingRebalance") + [0x00]
        + [0x00]

    @Test func decodesV4FromSpec() throws {
        let response = try ListGroupsResponse.decode(body: kafkaBuffer(Self.v4Body), version: 4)
        #expect(response == ListGroupsResponse(groups: [.init(groupID: "saga", protocolType: "consumer", groupState: "PreparingRebalance")]))
        expectTruncationsFail(ListGroupsResponse.self, bytes: Self.v4Body, version: 4)
    }
}

@Suite struct KafkaDescribeGroupsTests {
    private typealias Response = DescribeGroupsResponse

    @Test func requestBytes() throws {
        let request = DescribeGroupsRequest(groupIDs: ["saga"], includeAuthorizedOperations: true)
        #expect(kafkaBytes(try request.encodedBody(version: 0)) == kafkaInt32(1) + kafkaString("saga"))
        #expect(kafkaBytes(try request.encodedBody(version: 3)) == kafkaInt32(1) + kafkaString("saga") + [0x01])
        #expect(kafkaBytes(try request.encodedBody(version: 5)) == [0x02] + kafkaCompactString("saga") + [0x01, 0x00])
    }

    @Test func roundTrips() throws {
        try expectRoundTrip { version in
            DescribeGroupsRequest(groupIDs: ["a", "b"], includeAuthorizedOperations: version >= 3)
        }
        try expectRoundTrip { version in
            Response(throttleTimeMs: version >= 1 ? 4 : 0, groups: [
                .init(groupID: "saga", groupState: "Stable", protocolType: "consumer", protocolData: "range", members: [
                    .init(memberID: "m-1", groupInstanceID: version >= 4 ? "order-service-0" : nil, clientID: "order-service",
                          clientHost: "/10.0.0.7", memberMetadata: [0, 1, 2], memberAssignment: [0, 3, 0xFF]),
                    .init(memberID: "m-2", clientID: "c", clientHost: "h"),
                ], authorizedOperations: version >= 3 ? 0x1F : Int32.min),
                .init(errorCode: .groupIDNotFound, groupID: "gone", groupState: "Dead", protocolType: "", protocolData: "", members: []),
            ])
        }
    }

    static let v0Body: [UInt8] = kafkaInt32(1)
        + [0x00, 0x00] + kafkaString("saga") + kafkaString("Stable") + kafkaString("consumer") + kafkaString("range")
        + kafkaInt32(1)
        + kafkaString("m-1") + kafkaString("order-service") + kafkaString("/10.0.0.7")
        + kafkaInt32(2) + [0xAB, 0xCD] + kafkaInt32(0)

    @Test func decodesV0FromSpecKeepingAssignmentRaw() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v0Body), version: 0)
        #expect(response == Response(groups: [.init(groupID: "saga", groupState: "Stable", protocolType: "consumer", protocolData: "range", members: [
            .init(memberID: "m-1", clientID: "order-service", clientHost: "/10.0.0.7", memberMetadata: [0xAB, 0xCD], memberAssignment: []),
        ])]))
        expectTruncationsFail(Response.self, bytes: Self.v0Body, version: 0)
    }

    static let v5Body: [UInt8] = kafkaInt32(0) + [0x02]
        + [0x00, 0x00] + kafkaCompactString("saga") + kafkaCompactString("Stable") + kafkaCompactString("consumer") + kafkaCompactString("range")
        + [0x02]
        + kafkaCompactString("m-1") + [0x00] + kafkaCompactString("c") + kafkaCompactString("h") + [0x01] + [0x03, 0x01, 0x02] + [0x00]
        + kafkaInt32(Int32.min) + [0x00]
        + [0x00]

    @Test func decodesV5FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v5Body), version: 5)
        #expect(response == Response(groups: [.init(groupID: "saga", groupState: "Stable", protocolType: "consumer", protocolData: "range", members: [
            .init(memberID: "m-1", groupInstanceID: nil, clientID: "c", clientHost: "h", memberMetadata: [], memberAssignment: [0x01, 0x02]),
        ])]))
        expectTruncationsFail(Response.self, bytes: Self.v5Body, version: 5)
    }

    @Test func hostileAssignmentLengthThrows() {
        var bytes = Self.v0Body
        bytes.replaceSubrange(bytes.count - 4..<bytes.count, with: kafkaInt32(1 << 30))
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "bytes", length: 1 << 30, remaining: 0)) {
            _ = try Response.decode(body: kafkaBuffer(bytes), version: 0)
        }
    }
}
