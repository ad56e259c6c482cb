/// Picks the version to speak for each API from infratop's ranges and the
/// broker's.
package enum KafkaVersionNegotiation {
    /// The versions infratop's codec implements, per API: the `ours` to
    /// negotiate against a broker's ApiVersions answer.
    package static let infratopVersions: [KafkaAPIKey: ClosedRange<Int16>] = [
        ApiVersionsRequest.apiKey: ApiVersionsRequest.supportedVersions,
        MetadataRequest.apiKey: MetadataRequest.supportedVersions,
        FetchRequest.apiKey: FetchRequest.supportedVersions,
        ListOffsetsRequest.apiKey: ListOffsetsRequest.supportedVersions,
        FindCoordinatorRequest.apiKey: FindCoordinatorRequest.supportedVersions,
        OffsetFetchRequest.apiKey: OffsetFetchRequest.supportedVersions,
        DescribeConfigsRequest.apiKey: DescribeConfigsRequest.supportedVersions,
        ListGroupsRequest.apiKey: ListGroupsRequest.supportedVersions,
        DescribeGroupsRequest.apiKey: DescribeGroupsRequest.supportedVersions,
        DescribeClusterRequest.apiKey: DescribeClusterRequest.supportedVersions,
        ListPartitionReassignmentsRequest.apiKey: ListPartitionReassignmentsRequest.supportedVersions,
    ]

    /// The highest version in both ranges, or nil when they do not overlap.
    package static func negotiate(_ ours: ClosedRange<Int16>, _ broker: ClosedRange<Int16>) -> Int16? {
        let high = min(ours.upperBound, broker.upperBound)
        return high >= max(ours.lowerBound, broker.lowerBound) ? high : nil
    }

    /// The highest common version of every API in `ours` that the broker
    /// lists with an overlapping range; APIs without one are left out.
    package static func negotiate(
        _ ours: [KafkaAPIKey: ClosedRange<Int16>], _ broker: [ApiVersionsResponse.APIVersion]
    ) -> [KafkaAPIKey: Int16] {
        var result: [KafkaAPIKey: Int16] = [:]
        for api in broker {
            guard let ourRange = ours[api.apiKey], let brokerRange = api.versionRange,
                  let version = negotiate(ourRange, brokerRange)
            else { continue }
            result[api.apiKey] = version
        }
        return result
    }

    /// The version infratop speaks for each API the broker shares with it.
    package static func negotiate(broker: [ApiVersionsResponse.APIVersion]) -> [KafkaAPIKey: Int16] {
        negotiate(infratopVersions, broker)
    }
}
