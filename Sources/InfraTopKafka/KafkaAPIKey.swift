/// A Kafka API key: the number that names a request type on the wire.
///
/// A struct rather than an enum because brokers list keys infratop has never
/// heard of in their ApiVersions answer, and those must survive decoding.
public struct KafkaAPIKey: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }

    public static let produce = KafkaAPIKey(rawValue: 0)
    public static let fetch = KafkaAPIKey(rawValue: 1)
    public static let listOffsets = KafkaAPIKey(rawValue: 2)
    public static let metadata = KafkaAPIKey(rawValue: 3)
    public static let offsetFetch = KafkaAPIKey(rawValue: 9)
    public static let findCoordinator = KafkaAPIKey(rawValue: 10)
    public static let describeGroups = KafkaAPIKey(rawValue: 15)
    public static let listGroups = KafkaAPIKey(rawValue: 16)
    public static let apiVersions = KafkaAPIKey(rawValue: 18)
    public static let describeConfigs = KafkaAPIKey(rawValue: 32)
    public static let listPartitionReassignments = KafkaAPIKey(rawValue: 46)
    public static let describeCluster = KafkaAPIKey(rawValue: 60)

    private static let names: [Int16: String] = [
        0: "Produce", 1: "Fetch", 2: "ListOffsets", 3: "Metadata", 9: "OffsetFetch",
        10: "FindCoordinator", 15: "DescribeGroups", 16: "ListGroups", 18: "ApiVersions",
        32: "DescribeConfigs", 46: "ListPartitionReassignments", 60: "DescribeCluster",
    ]

    /// The API's name as the Kafka documentation spells it, or "ApiKey(n)".
    public var name: String { Self.names[rawValue] ?? "ApiKey(\(rawValue))" }

    public var description: String { name }
}
