import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

/// Checks shared by every message family: version bounds, header choice and
/// the negotiation table.
@Suite struct KafkaCatalogTests {
    private func expectVersionBounds<Message: KafkaMessage>(_ sample: Message) {
        let range = Message.supportedVersions
        for version in [range.lowerBound - 1, range.upperBound + 1, Int16.max] {
            let expected = KafkaProtocolError.unsupportedVersion(
                apiKey: Message.apiKey.rawValue, version: version, supported: range)
            #expect(throws: expected, "\(Message.self) encode v\(version)") { _ = try sample.encodedBody(version: version) }
            #expect(throws: expected, "\(Message.self) decode v\(version)") {
                _ = try Message.decode(body: kafkaBuffer([0, 0, 0, 0]), version: version)
            }
        }
    }

    @Test func everyMessageRejectsVersionsOutsideItsRange() {
        expectVersionBounds(ApiVersionsRequest())
        expectVersionBounds(ApiVersionsResponse(apiVersions: []))
        expectVersionBounds(MetadataRequest.allTopics)
        expectVersionBounds(MetadataResponse(brokers: [], topics: []))
        expectVersionBounds(ListOffsetsRequest(topics: []))
        expectVersionBounds(ListOffsetsResponse(topics: []))
        expectVersionBounds(FindCoordinatorRequest(keys: ["g"]))
        expectVersionBounds(FindCoordinatorResponse(coordinators: []))
        expectVersionBounds(OffsetFetchRequest(groups: []))
        expectVersionBounds(OffsetFetchResponse(groups: []))
        expectVersionBounds(DescribeConfigsRequest(resources: []))
        expectVersionBounds(DescribeConfigsResponse(results: []))
        expectVersionBounds(ListGroupsRequest())
        expectVersionBounds(ListGroupsResponse(groups: []))
        expectVersionBounds(DescribeGroupsRequest(groupIDs: []))
        expectVersionBounds(DescribeGroupsResponse(groups: []))
        expectVersionBounds(DescribeClusterRequest())
        expectVersionBounds(DescribeClusterResponse(clusterID: "", brokers: []))
        expectVersionBounds(ListPartitionReassignmentsRequest())
        expectVersionBounds(ListPartitionReassignmentsResponse(topics: []))
        expectVersionBounds(FetchRequest(maxWaitMs: 0, minBytes: 1, maxBytes: 1, isolationLevel: .readUncommitted, topics: []))
        expectVersionBounds(FetchResponse(topics: []))
    }

    @Test func supportedRangesMatchTheBrief() {
        #expect(KafkaVersionNegotiation.infratopVersions == [
            .apiVersions: 0...3, .metadata: 1...13, .listOffsets: 1...7, .findCoordinator: 0...4,
            .offsetFetch: 1...8, .describeConfigs: 0...4, .listGroups: 0...4, .describeGroups: 0...5,
            .describeCluster: 0...1, .listPartitionReassignments: 0...0, .fetch: 4...12,
        ])
        #expect(MetadataRequest.isFlexible(version: 8) == false)
        #expect(MetadataRequest.isFlexible(version: 9))
        #expect(ListOffsetsRequest.isFlexible(version: 6))
        #expect(FindCoordinatorRequest.isFlexible(version: 3))
        #expect(OffsetFetchRequest.isFlexible(version: 6))
        #expect(DescribeConfigsRequest.isFlexible(version: 4))
        #expect(ListGroupsRequest.isFlexible(version: 3))
        #expect(DescribeGroupsRequest.isFlexible(version: 5))
        #expect(DescribeClusterRequest.isFlexible(version: 0))
        #expect(FetchRequest.isFlexible(version: 11) == false)
        #expect(FetchRequest.isFlexible(version: 12))
    }

    @Test func negotiationAgainstAKafka3Broker() {
        // A Kafka 3.x broker's ranges for the APIs infratop uses.
        let broker: [ApiVersionsResponse.APIVersion] = [
            .init(apiKey: .listOffsets, minVersion: 0, maxVersion: 8),
            .init(apiKey: .metadata, minVersion: 0, maxVersion: 12),
            .init(apiKey: .offsetFetch, minVersion: 0, maxVersion: 9),
            .init(apiKey: .findCoordinator, minVersion: 0, maxVersion: 4),
            .init(apiKey: .describeGroups, minVersion: 0, maxVersion: 5),
            .init(apiKey: .listGroups, minVersion: 0, maxVersion: 4),
            .init(apiKey: .apiVersions, minVersion: 0, maxVersion: 3),
            .init(apiKey: .describeConfigs, minVersion: 0, maxVersion: 4),
            .init(apiKey: .fetch, minVersion: 0, maxVersion: 15),
        ]
        #expect(KafkaVersionNegotiation.negotiate(broker: broker) == [
            .listOffsets: 7, .metadata: 12, .offsetFetch: 8, .findCoordinator: 4, .describeGroups: 5,
            .listGroups: 4, .apiVersions: 3, .describeConfigs: 4, .fetch: 12,
        ])
    }

    @Test func flexibleRequestsGetHeaderV2() throws {
        let flexible = try KafkaEnvelope.encodeRequest(MetadataRequest.allTopics, version: 9, correlationID: 1, clientID: nil)
        #expect(kafkaBytes(flexible) == kafkaInt32(16) + [0x00, 0x03, 0x00, 0x09] + kafkaInt32(1) + [0xFF, 0xFF, 0x00]
            + [0x00, 0x00, 0x00, 0x00, 0x00])
        let classic = try KafkaEnvelope.encodeRequest(MetadataRequest.allTopics, version: 8, correlationID: 1, clientID: nil)
        #expect(kafkaBytes(classic) == kafkaInt32(17) + [0x00, 0x03, 0x00, 0x08] + kafkaInt32(1) + [0xFF, 0xFF]
            + [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00])
    }

    @Test func overlongStringsAreRefusedWhenWriting() {
        var writer = KafkaWriter()
        let long = String(repeating: "x", count: Int(Int16.max) + 1)
        #expect(throws: KafkaProtocolError.valueTooLarge(what: "string", size: 32768, limit: 32767)) {
            try writer.writeString(long)
        }
    }

    /// Sends `request` and `response` through whole frames at every version,
    /// as a client and a mock broker would.
    private func expectFramesRoundTrip<Request: KafkaRequest>(
        _ make: (Int16) -> (Request, Request.Response), sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let decoder = KafkaFrameDecoder()
        for version in Request.supportedVersions {
            let (request, response) = make(version)
            let correlationID = Int32(version) * 100 + 7
            var sent = try KafkaEnvelope.encodeRequest(request, version: version, correlationID: correlationID, clientID: "infratop")
            let requestFrame = try #require(try decoder.nextFrame(from: &sent), sourceLocation: sourceLocation)
            #expect(sent.readableBytes == 0, sourceLocation: sourceLocation)
            let (header, decodedRequest) = try KafkaEnvelope.decodeRequest(Request.self, frame: requestFrame)
            #expect(header == KafkaRequestHeader(apiKey: Request.apiKey, apiVersion: version, correlationID: correlationID, clientID: "infratop"),
                    sourceLocation: sourceLocation)
            #expect(decodedRequest == request, "v\(version)", sourceLocation: sourceLocation)

            var answered = try KafkaEnvelope.encodeResponse(response, version: version, correlationID: correlationID)
            let responseFrame = try #require(try decoder.nextFrame(from: &answered), sourceLocation: sourceLocation)
            let decoded = try KafkaEnvelope.decodeResponse(to: Request.self, frame: responseFrame, version: version, correlationID: correlationID)
            #expect(decoded == response, "v\(version)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyMessageRoundTripsThroughFrames() throws {
        try expectFramesRoundTrip { version in
            (version >= 3 ? ApiVersionsRequest() : ApiVersionsRequest(clientSoftwareName: "", clientSoftwareVersion: ""),
             ApiVersionsResponse(apiVersions: [.init(apiKey: .metadata, minVersion: 1, maxVersion: 13)]))
        }
        try expectFramesRoundTrip { version in
            (MetadataRequest(topicNames: ["orders"], allowAutoTopicCreation: version < 4),
             MetadataResponse(brokers: [.init(nodeID: 0, host: "kafka-0", port: 9092)], controllerID: 0,
                              topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, leaderID: 0, replicaNodes: [0], isrNodes: [0])])]))
        }
        try expectFramesRoundTrip { _ in
            (ListOffsetsRequest(topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, timestamp: -1)])]),
             ListOffsetsResponse(topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, offset: 10)])]))
        }
        try expectFramesRoundTrip { _ in
            (FindCoordinatorRequest(keys: ["saga"]),
             FindCoordinatorResponse(coordinators: [.init(nodeID: 1, host: "kafka-1", port: 9092)]))
        }
        try expectFramesRoundTrip { _ in
            (OffsetFetchRequest(groups: [.init(groupID: "saga", topics: [.init(name: "orders", partitionIndexes: [0])])]),
             OffsetFetchResponse(groups: [.init(topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, committedOffset: 3)])])]))
        }
        try expectFramesRoundTrip { _ in
            (DescribeConfigsRequest(resources: [.init(resourceType: .broker, resourceName: "0")]),
             DescribeConfigsResponse(results: [.init(resourceType: .broker, resourceName: "0", configs: [])]))
        }
        try expectFramesRoundTrip { _ in
            (ListGroupsRequest(), ListGroupsResponse(groups: [.init(groupID: "saga", protocolType: "consumer")]))
        }
        try expectFramesRoundTrip { _ in
            (DescribeGroupsRequest(groupIDs: ["saga"]),
             DescribeGroupsResponse(groups: [.init(groupID: "saga", groupState: "Empty", protocolType: "consumer", protocolData: "", members: [])]))
        }
        try expectFramesRoundTrip { _ in
            (DescribeClusterRequest(), DescribeClusterResponse(clusterID: "c", brokers: []))
        }
        try expectFramesRoundTrip { _ in
            (ListPartitionReassignmentsRequest(), ListPartitionReassignmentsResponse(topics: []))
        }
    }
}
