/// ApiVersions request (key 18): asks a broker which versions of each API it
/// speaks. Sent first on every connection.
package struct ApiVersionsRequest: KafkaRequest {
    package typealias Response = ApiVersionsResponse
    package static let apiKey = KafkaAPIKey.apiVersions
    package static let supportedVersions: ClosedRange<Int16> = 0...3
    package static let firstFlexibleVersion: Int16 = 3

    /// The client's software name (v3+); brokers show it in their metrics.
    /// Brokers answer INVALID_REQUEST unless name and version are letters,
    /// digits, '-' and '.', starting and ending with a letter or digit.
    package var clientSoftwareName: String
    /// The client's software version (v3+).
    package var clientSoftwareVersion: String

    package init(clientSoftwareName: String = "infratop", clientSoftwareVersion: String = "0.1.0") {
        self.clientSoftwareName = clientSoftwareName
        self.clientSoftwareVersion = clientSoftwareVersion
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        if version >= 3 {
            try writer.writeString(clientSoftwareName)
            try writer.writeString(clientSoftwareVersion)
        }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> ApiVersionsRequest {
        var request = ApiVersionsRequest(clientSoftwareName: "", clientSoftwareVersion: "")
        if version >= 3 {
            request.clientSoftwareName = try reader.readString()
            request.clientSoftwareVersion = try reader.readString()
        }
        try reader.readTaggedFields()
        return request
    }
}

/// ApiVersions response: the broker's version range for every API it knows.
package struct ApiVersionsResponse: KafkaResponse {
    package static let apiKey = KafkaAPIKey.apiVersions
    package static let supportedVersions = ApiVersionsRequest.supportedVersions
    package static let firstFlexibleVersion = ApiVersionsRequest.firstFlexibleVersion

    /// One API and the versions of it the broker supports.
    package struct APIVersion: Sendable, Equatable {
        package var apiKey: KafkaAPIKey
        package var minVersion: Int16
        package var maxVersion: Int16

        package init(apiKey: KafkaAPIKey, minVersion: Int16, maxVersion: Int16) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }

        /// The range, or nil when the broker sent min > max (a range that
        /// would trap if built naively).
        package var versionRange: ClosedRange<Int16>? {
            minVersion <= maxVersion ? minVersion...maxVersion : nil
        }
    }

    /// A feature (such as `metadata.version`) and a version range of it.
    package struct Feature: Sendable, Equatable {
        package var name: String
        package var minVersion: Int16
        package var maxVersion: Int16

        init(name: String, minVersion: Int16, maxVersion: Int16) {
            self.name = name
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }
    }

    package var errorCode: KafkaErrorCode
    package var apiVersions: [APIVersion]
    /// Milliseconds the broker throttled the request (v1+).
    package var throttleTimeMs: Int32
    /// Features the broker supports (v3+, tagged field 0).
    package var supportedFeatures: [Feature]
    /// Epoch of the finalized features, -1 when unknown (v3+, tag 1).
    package var finalizedFeaturesEpoch: Int64
    /// Cluster-wide finalized features (v3+, tag 2); the wire order of the
    /// two levels is max then min.
    package var finalizedFeatures: [Feature]

    package init(
        errorCode: KafkaErrorCode = .none, apiVersions: [APIVersion], throttleTimeMs: Int32 = 0,
        supportedFeatures: [Feature] = [], finalizedFeaturesEpoch: Int64 = -1, finalizedFeatures: [Feature] = []
    ) {
        self.errorCode = errorCode
        self.apiVersions = apiVersions
        self.throttleTimeMs = throttleTimeMs
        self.supportedFeatures = supportedFeatures
        self.finalizedFeaturesEpoch = finalizedFeaturesEpoch
        self.finalizedFeatures = finalizedFeatures
    }

    /// The broker's range for `apiKey`, or nil when it does not list it.
    ///
    /// After an UNSUPPORTED_VERSION answer, `versionRange(for: .apiVersions)`
    /// is the range to retry ApiVersions with.
    package func versionRange(for apiKey: KafkaAPIKey) -> ClosedRange<Int16>? {
        apiVersions.first { $0.apiKey == apiKey }?.versionRange
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        writer.writeErrorCode(errorCode)
        try writer.writeArray(apiVersions) { writer, api in
            writer.writeInt16(api.apiKey.rawValue)
            writer.writeInt16(api.minVersion)
            writer.writeInt16(api.maxVersion)
            writer.writeEmptyTaggedFields()
        }
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        guard writer.isFlexible else { return }
        var fields: [(tag: UInt32, bytes: [UInt8])] = []
        if !supportedFeatures.isEmpty {
            fields.append((0, try Self.encodedFeatures(supportedFeatures, maxFirst: false)))
        }
        if finalizedFeaturesEpoch != -1 {
            var epoch = KafkaWriter(isFlexible: true)
            epoch.writeInt64(finalizedFeaturesEpoch)
            fields.append((1, Array(epoch.buffer.readableBytesView)))
        }
        if !finalizedFeatures.isEmpty {
            fields.append((2, try Self.encodedFeatures(finalizedFeatures, maxFirst: true)))
        }
        writer.writeTaggedFields(fields)
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> ApiVersionsResponse {
        // A broker that does not support our version answers in the v0
        // format with UNSUPPORTED_VERSION and its own ApiVersions range.
        if version > 0, reader.buffer.getInteger(at: reader.buffer.readerIndex, as: Int16.self)
            == KafkaErrorCode.unsupportedVersion.rawValue
        {
            var fallback = KafkaReader(buffer: reader.buffer, isFlexible: false)
            if let response = try? decodeBody(from: &fallback, version: 0) {
                reader = fallback
                return response
            }
        }
        return try decodeBody(from: &reader, version: version)
    }

    private static func decodeBody(from reader: inout KafkaReader, version: Int16) throws -> ApiVersionsResponse {
        let errorCode = try reader.readErrorCode()
        let apiVersions = try reader.readArray(minimumElementSize: 6) { reader in
            let api = APIVersion(
                apiKey: KafkaAPIKey(rawValue: try reader.readInt16()),
                minVersion: try reader.readInt16(), maxVersion: try reader.readInt16())
            try reader.readTaggedFields()
            return api
        }
        var response = ApiVersionsResponse(errorCode: errorCode, apiVersions: apiVersions)
        if version >= 1 { response.throttleTimeMs = try reader.readInt32() }
        try reader.readTaggedFields { tag, field in
            switch tag {
            case 0: response.supportedFeatures = try decodeFeatures(from: &field, maxFirst: false)
            case 1: response.finalizedFeaturesEpoch = try field.readInt64()
            case 2: response.finalizedFeatures = try decodeFeatures(from: &field, maxFirst: true)
            default: break  // ZkMigrationReady and newer tags do not concern a dashboard.
            }
        }
        return response
    }

    // SupportedFeatureKey lists min then max; FinalizedFeatureKey max then min.
    private static func encodedFeatures(_ features: [Feature], maxFirst: Bool) throws -> [UInt8] {
        var writer = KafkaWriter(isFlexible: true)
        try writer.writeArray(features) { writer, feature in
            try writer.writeString(feature.name)
            writer.writeInt16(maxFirst ? feature.maxVersion : feature.minVersion)
            writer.writeInt16(maxFirst ? feature.minVersion : feature.maxVersion)
            writer.writeEmptyTaggedFields()
        }
        return Array(writer.buffer.readableBytesView)
    }

    private static func decodeFeatures(from reader: inout KafkaReader, maxFirst: Bool) throws -> [Feature] {
        try reader.readArray(minimumElementSize: 6) { reader in
            let name = try reader.readString()
            let first = try reader.readInt16()
            let second = try reader.readInt16()
            try reader.readTaggedFields()
            return Feature(name: name, minVersion: maxFirst ? second : first, maxVersion: maxFirst ? first : second)
        }
    }
}
