import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

/// Garbage and damaged replies must end in a typed error or a value, never a
/// trap: the dashboard reads whatever the network hands it.
@Suite struct KafkaRobustnessTests {
    /// SplitMix64: a fixed seed keeps failures reproducible.
    private struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static let responseTypes: [any KafkaResponse.Type] = [
        ApiVersionsResponse.self, MetadataResponse.self, ListOffsetsResponse.self, FindCoordinatorResponse.self,
        OffsetFetchResponse.self, DescribeConfigsResponse.self, ListGroupsResponse.self, DescribeGroupsResponse.self,
        DescribeClusterResponse.self, ListPartitionReassignmentsResponse.self,
    ]

    private func decodeOutcome(_ type: any KafkaResponse.Type, _ bytes: [UInt8], version: Int16) -> Bool {
        do {
            _ = try type.decode(body: kafkaBuffer(bytes), version: version)
            return true
        } catch is KafkaProtocolError {
            return false
        } catch {
            Issue.record("\(type) v\(version) threw a foreign error: \(error)")
            return false
        }
    }

    @Test func randomBytesNeverTrap() {
        var random = SeededGenerator(state: 2026)
        for type in Self.responseTypes {
            for version in type.supportedVersions {
                for _ in 0..<150 {
                    let count = Int.random(in: 0..<64, using: &random)
                    let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
                    _ = decodeOutcome(type, bytes, version: version)
                }
            }
        }
    }

    @Test func damagedRealRepliesNeverTrap() throws {
        var random = SeededGenerator(state: 40)
        let samples: [(any KafkaResponse.Type, [UInt8], Int16)] = [
            (MetadataResponse.self, KafkaMetadataTests.v1Body, 1),
            (MetadataResponse.self, KafkaMetadataTests.v12Body, 12),
            (ApiVersionsResponse.self, KafkaApiVersionsTests.v3Body, 3),
            (OffsetFetchResponse.self, KafkaOffsetFetchTests.v8Body, 8),
            (DescribeConfigsResponse.self, KafkaDescribeConfigsTests.v4Body, 4),
            (DescribeGroupsResponse.self, KafkaDescribeGroupsTests.v5Body, 5),
            (FindCoordinatorResponse.self, KafkaFindCoordinatorTests.v4Body, 4),
        ]
        for (type, body, version) in samples {
            for _ in 0..<300 {
                var bytes = body
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[index] = UInt8.random(in: 0...255, using: &random)
                }
                _ = decodeOutcome(type, bytes, version: version)
            }
        }
    }

    @Test func unknownTagsInNestedStructuresAreSkipped() throws {
        // The v12 Metadata body with an unknown tag added to the broker and to
        // the partition: each empty tag section (0x00) becomes one tagged field.
        var bytes = KafkaMetadataTests.v12Body
        let brokerTags = 4 + 1 + 4 + 8 + 4 + 3
        bytes.replaceSubrange(brokerTags..<brokerTags + 1, with: [0x01, 0x09, 0x02, 0xAB, 0xCD])
        // Behind the partition's tags: authorized operations, topic tags, top-level tags.
        let at = bytes.count - 1 - 4 - 1 - 1
        #expect(bytes[at] == 0x00 && bytes[at - 4..<at] == [0x00, 0x00, 0x00, 0x02])
        bytes.replaceSubrange(at..<at + 1, with: [0x01, 0x00, 0x00])
        let response = try MetadataResponse.decode(body: kafkaBuffer(bytes), version: 12)
        #expect(response.brokers.first?.rack == "r1")
        #expect(response.topics.first?.partitions.first?.offlineReplicas == [2])
        #expect(response.topics.first?.topicAuthorizedOperations == Int32.min)
    }
}
