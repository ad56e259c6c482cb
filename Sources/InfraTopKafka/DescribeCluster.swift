/// DescribeCluster request (key 60): cluster id, controller and brokers,
/// without the topic layout Metadata carries.
public struct DescribeClusterRequest: KafkaRequest {
    public typealias Response = DescribeClusterResponse
    public static let apiKey = KafkaAPIKey.describeCluster
    public static let supportedVersions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16 = 0

    /// Which endpoints to describe (v1+), as the schema numbers them.
    public struct EndpointType: RawRepresentable, Hashable, Sendable {
        public var rawValue: Int8
        public init(rawValue: Int8) { self.rawValue = rawValue }

        public static let brokers = EndpointType(rawValue: 1)
        public static let controllers = EndpointType(rawValue: 2)
    }

    public var includeClusterAuthorizedOperations: Bool
    public var endpointType: EndpointType

    public init(includeClusterAuthorizedOperations: Bool = false, endpointType: EndpointType = .brokers) {
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.endpointType = endpointType
    }

    public func encode(into writer: inout KafkaWriter, version: Int16) throws {
        writer.writeBool(includeClusterAuthorizedOperations)
        if version >= 1 { writer.writeInt8(endpointType.rawValue) }
        writer.writeEmptyTaggedFields()
    }

    public static func decode(from reader: inout KafkaReader, version: Int16) throws -> DescribeClusterRequest {
        var request = DescribeClusterRequest(includeClusterAuthorizedOperations: try reader.readBool())
        if version >= 1 { request.endpointType = EndpointType(rawValue: try reader.readInt8()) }
        try reader.readTaggedFields()
        return request
    }
}

/// DescribeCluster response.
public struct DescribeClusterResponse: KafkaResponse {
    public static let apiKey = KafkaAPIKey.describeCluster
    public static let supportedVersions = DescribeClusterRequest.supportedVersions
    public static let firstFlexibleVersion = DescribeClusterRequest.firstFlexibleVersion

    public struct Broker: Sendable, Equatable {
        public var brokerID: Int32
        public var host: String
        public var port: Int32
        public var rack: String?

        public init(brokerID: Int32, host: String, port: Int32, rack: String? = nil) {
            self.brokerID = brokerID
            self.host = host
            self.port = port
            self.rack = rack
        }
    }

    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var errorMessage: String?
    /// The kind of endpoints listed (v1+).
    public var endpointType: DescribeClusterRequest.EndpointType
    public var clusterID: String
    /// The controller's id, -1 when there is none.
    public var controllerID: Int32
    public var brokers: [Broker]
    public var clusterAuthorizedOperations: Int32

    public init(
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

    public func encode(into writer: inout KafkaWriter, version: Int16) throws {
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

    public static func decode(from reader: inout KafkaReader, version: Int16) throws -> DescribeClusterResponse {
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
