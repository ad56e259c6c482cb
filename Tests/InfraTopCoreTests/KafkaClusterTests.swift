import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

@Suite struct KafkaDescribeClusterTests {
    private typealias Response = DescribeClusterResponse

    @Test func requestBytes() throws {
        #expect(kafkaBytes(try DescribeClusterRequest().encodedBody(version: 0)) == [0x00, 0x00])
        #expect(kafkaBytes(try DescribeClusterRequest().encodedBody(version: 1)) == [0x00, 0x01, 0x00])
    }

    @Test func roundTrips() throws {
        try expectRoundTrip { version in
            DescribeClusterRequest(includeClusterAuthorizedOperations: true, endpointType: version >= 1 ? .controllers : .brokers)
        }
        try expectRoundTrip { version in
            Response(
                throttleTimeMs: 3, errorMessage: "m", endpointType: .brokers, clusterID: "saga", controllerID: 1,
                brokers: [.init(brokerID: 0, host: "kafka-0", port: 9092, rack: "a"), .init(brokerID: 1, host: "kafka-1", port: 9092)],
                clusterAuthorizedOperations: 7)
        }
    }

    static let v0Body: [UInt8] = kafkaInt32(0) + [0x00, 0x00] + [0x00] + kafkaCompactString("saga") + kafkaInt32(0)
        + [0x02] + kafkaInt32(0) + kafkaCompactString("kafka-client") + kafkaInt32(9092) + [0x00] + [0x00]
        + kafkaInt32(Int32.min) + [0x00]

    @Test func decodesV0FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v0Body), version: 0)
        #expect(response == Response(clusterID: "saga", controllerID: 0, brokers: [.init(brokerID: 0, host: "kafka-client", port: 9092)]))
        expectTruncationsFail(Response.self, bytes: Self.v0Body, version: 0)
    }

    @Test func decodesV1FromSpec() throws {
        var bytes = Self.v0Body
        bytes.insert(0x02, at: 7)  // Endpoint type after the null error message.
        let response = try Response.decode(body: kafkaBuffer(bytes), version: 1)
        #expect(response.endpointType == .controllers)
        #expect(response.brokers.map(\.host) == ["kafka-client"])
    }
}

@Suite struct KafkaListPartitionReassignmentsTests {
    private typealias Response = ListPartitionReassignmentsResponse

    @Test func requestBytes() throws {
        #expect(kafkaBytes(try ListPartitionReassignmentsRequest().encodedBody(version: 0)) == kafkaInt32(60_000) + [0x00, 0x00])
        let named = ListPartitionReassignmentsRequest(timeoutMs: 5000, topics: [.init(name: "orders", partitionIndexes: [1])])
        #expect(kafkaBytes(try named.encodedBody(version: 0))
            == kafkaInt32(5000) + [0x02] + kafkaCompactString("orders") + [0x02] + kafkaInt32(1) + [0x00] + [0x00])
    }

    @Test func roundTrips() throws {
        try expectRoundTrip { _ in ListPartitionReassignmentsRequest(topics: [.init(name: "orders", partitionIndexes: [0, 1])]) }
        try expectRoundTrip { _ in ListPartitionReassignmentsRequest(topics: nil) }
        try expectRoundTrip { _ in
            Response(topics: [.init(name: "orders", partitions: [
                .init(partitionIndex: 0, replicas: [0, 1, 2, 3], addingReplicas: [3], removingReplicas: [0]),
            ])])
        }
    }

    static let v0Body: [UInt8] = kafkaInt32(0) + [0x00, 0x00] + [0x00] + [0x02]
        + kafkaCompactString("orders") + [0x02]
        + kafkaInt32(2) + [0x04] + kafkaInt32(1) + kafkaInt32(2) + kafkaInt32(0) + [0x02] + kafkaInt32(0) + [0x02] + kafkaInt32(1) + [0x00]
        + [0x00] + [0x00]

    @Test func decodesV0FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v0Body), version: 0)
        #expect(response == Response(topics: [.init(name: "orders", partitions: [
            .init(partitionIndex: 2, replicas: [1, 2, 0], addingReplicas: [0], removingReplicas: [1]),
        ])]))
        expectTruncationsFail(Response.self, bytes: Self.v0Body, version: 0)
    }
}
