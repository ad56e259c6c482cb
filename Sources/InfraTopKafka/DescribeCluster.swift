/// DescribeCluster request (key 60): cluster id, controller and brokers,
/// without the topic layout Metadata carries.
package struct DescribeClusterRequest: KafkaRequest {
    package typealias Response = DescribeClusterResponse
    package static let apiKey = KafkaAPIKey.describeCluster
    package static let supportedVersions: ClosedRange<Int16> = 0...1
    package static let firstFlexibleVersion: Int16 = 0

    /// Which endpoints to describe (v1+), as the schema numbers them.
    package struct EndpointType: RawRepresentable, Hashable, Sendable {
        package var rawValue: Int8
        package init(rawValue: Int8) { self.rawValue = rawValue }

        package static let brokers = EndpointType(rawValue: 1)
        package static let controllers = EndpointType(rawValue: 2)
    }

    package var includeClusterAuthorizedOperations: Bool
    package var endpointType: EndpointType

    package init(includeClusterAuthorizedOperations: Bool = false, endpointType: EndpointType = .brokers) {
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.endpointType = endpointType
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        writer.writeBool(includeClusterAuthorizedOperations)
        if version >= 1 { writer.writeInt8(endpointType.rawValue) }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> DescribeClusterRequest {
        var request = DescribeClusterRequest(includeClusterAuthorizedOperations: try reader.readBool())
        if version >= 1 { request.endpointType = EndpointType(rawValue: try reader.readInt8()) }
        try reader.readTaggedFields()
        return request
    }
}

/// DescribeCluster response.
package struct DescribeClusterResponse: KafkaResponse {
    package static let apiKey = KafkaAPIKey.describeCluster
    package static let supportedVersions = DescribeClusterRequest.supportedVersions
    package static let firstFlexibleVersion = DescribeClusterRequest.firstFlexibleVersion

    package struct Broker: Sendable, Equatable {
        package var brokerID: Int32
        package var host: String
        package var port: Int32
        package var rack: String?

        package init(brokerID: Int32, host: String, port: Int32, rack: String? = nil) {
            self.brokerID = brokerID
            self.host = host
            self.port = port
            self.rack = rack
        }
    }

    package var throttleTimeMs: Int32
    package var errorCode: KafkaErrorCode
    package var errorMessage: String?
    /// The kind of endpoints listed (v1+).
    package var endpointType: DescribeClusterRequest.EndpointType
    package var clusterID: String
    /// The controller's id, -1 when there is none.
    package var controllerID: Int32
    package var brokers: [Broker]
    package var clusterAuthorizedOperations: Int32

    package init(
        throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, errorMessage: String? = nil,
        endpointType: DescribeClusterRequest.EndpointType = .brokers, clusterID: String, controllerID: Int32 = -1,
        brokers: [Broker], clusterAuthorizedOperations: Int32 = Int32.min
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.endpointType = endpointType
        self.clusterID = clusterID
        self.controllerID = controllerID
        self.brokers = brokers
        self.clusterAuthorizedOperations = clusterAuthorizedOperations
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        writer.writeInt32(throttleTimeMs)
        writer.writeErrorCode(errorCode)
        try writer.writeNullableString(errorMessage)
        if version >= 1 { writer.writeInt8(endpointType.rawValue) }
        try writer.writeString(clusterID)
        writer.writeInt32(controllerID)
        try writer.writeArray(brokers) { writer, broker in
            writer.writeInt32(broker.brokerID)
            try writer.writeString(broker.host)
            writer.writeInt32(broker.port)
            try writer.writeNullableString(broker.rack)
            writer.writeEmptyTaggedFields()
        }
        writer.writeInt32(clusterAuthorizedOperations)
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> DescribeClusterResponse {
        let throttleTimeMs = try reader.readInt32()
        let errorCode = try reader.readErrorCode()
        let errorMessage = try reader.readNullableString()
        var endpointType = DescribeClusterRequest.EndpointType.brokers
        if version >= 1 { endpointType = .init(rawValue: try reader.readInt8()) }
        var response = DescribeClusterResponse(
            throttleTimeMs: throttleTimeMs, errorCode: errorCode, errorMessage: errorMessage,
            endpointType: endpointType, clusterID: try reader.readString(), controllerID: try reader.readInt32(),
            brokers: [])
        response.brokers = try reader.readArray(minimumElementSize: 11) { reader in
            let broker = Broker(
                brokerID: try reader.readInt32(), host: try reader.readString(), port: try reader.readInt32(),
                rack: try reader.readNullableString())
            try reader.readTaggedFields()
            return broker
        }
        response.clusterAuthorizedOperations = try reader.readInt32()
        try reader.readTaggedFields()
        return response
    }
}
