/// A Kafka API key: the number that names a request type on the wire.
///
/// A struct rather than an enum because brokers list keys infratop has never
/// heard of in their ApiVersions answer, and those must survive decoding.
package struct KafkaAPIKey: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package var rawValue: Int16
    package init(rawValue: Int16) { self.rawValue = rawValue }

    package static let produce = KafkaAPIKey(rawValue: 0)
    package static let fetch = KafkaAPIKey(rawValue: 1)
    package static let listOffsets = KafkaAPIKey(rawValue: 2)
    package static let metadata = KafkaAPIKey(rawValue: 3)
    package static let offsetFetch = KafkaAPIKey(rawValue: 9)
    package static let findCoordinator = KafkaAPIKey(rawValue: 10)
    package static let describeGroups = KafkaAPIKey(rawValue: 15)
    package static let listGroups = KafkaAPIKey(rawValue: 16)
    package static let apiVersions = KafkaAPIKey(rawValue: 18)
    package static let describeConfigs = KafkaAPIKey(rawValue: 32)
    package static let listPartitionReassignments = KafkaAPIKey(rawValue: 46)
    package static let describeCluster = KafkaAPIKey(rawValue: 60)

    private static let names: [Int16: String] = [
        0: "Produce", 1: "Fetch", 2: "ListOffsets", 3: "Metadata", 9: "OffsetFetch",
        10: "FindCoordinator", 15: "DescribeGroups", 16: "ListGroups", 18: "ApiVersions",
        32: "DescribeConfigs", 46: "ListPartitionReassignments", 60: "DescribeCluster",
    ]

    /// The API's name as the Kafka documentation spells it, or "ApiKey(n)".
    package var name: String { Self.names[rawValue] ?? "ApiKey(\(rawValue))" }

    package var description: String { name }
}
