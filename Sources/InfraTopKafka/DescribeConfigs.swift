/// DescribeConfigs request (key 32): topic and broker settings such as
/// `min.insync.replicas`, read to explain under-replication findings.
package struct DescribeConfigsRequest: KafkaRequest {
    package typealias Response = DescribeConfigsResponse
    package static let apiKey = KafkaAPIKey.describeConfigs
    package static let supportedVersions: ClosedRange<Int16> = 0...4
    package static let firstFlexibleVersion: Int16 = 4

    /// A kind of resource with configuration, as `ConfigResource.Type` numbers it.
    package struct ResourceType: RawRepresentable, Hashable, Sendable {
        package var rawValue: Int8
        package init(rawValue: Int8) { self.rawValue = rawValue }

        package static let topic = ResourceType(rawValue: 2)
        /// A broker, named by its id in decimal ("0"); "" means the cluster default.
        package static let broker = ResourceType(rawValue: 4)
        static let brokerLogger = ResourceType(rawValue: 8)
    }

    package struct Resource: Sendable, Equatable {
        package var resourceType: ResourceType
        package var resourceName: String
        /// The keys to return; nil returns every key.
        package var configurationKeys: [String]?

        init(resourceType: ResourceType, resourceName: String, configurationKeys: [String]? = nil) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configurationKeys = configurationKeys
        }
    }

    package var resources: [Resource]
    /// Whether to return each key's synonyms (v1+).
    package var includeSynonyms: Bool
    /// Whether to return each key's documentation (v3+).
    package var includeDocumentation: Bool

    package init(resources: [Resource], includeSynonyms: Bool = false, includeDocumentation: Bool = false) {
        self.resources = resources
        self.includeSynonyms = includeSynonyms
        self.includeDocumentation = includeDocumentation
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        try writer.writeArray(resources) { writer, resource in
            writer.writeInt8(resource.resourceType.rawValue)
            try writer.writeString(resource.resourceName)
            try writer.writeNullableArray(resource.configurationKeys) { try $0.writeString($1) }
            writer.writeEmptyTaggedFields()
        }
        if version >= 1 { writer.writeBool(includeSynonyms) }
        if version >= 3 { writer.writeBool(includeDocumentation) }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> DescribeConfigsRequest {
        let resources = try reader.readArray(minimumElementSize: 3) { reader in
            let resource = Resource(
                resourceType: ResourceType(rawValue: try reader.readInt8()), resourceName: try reader.readString(),
                configurationKeys: try reader.readNullableArray { try $0.readString() })
            try reader.readTaggedFields()
            return resource
        }
        var request = DescribeConfigsRequest(resources: resources)
        if version >= 1 { request.includeSynonyms = try reader.readBool() }
        if version >= 3 { request.includeDocumentation = try reader.readBool() }
        try reader.readTaggedFields()
        return request
    }
}

/// DescribeConfigs response: the configuration of each resource asked for.
package struct DescribeConfigsResponse: KafkaResponse {
    package static let apiKey = KafkaAPIKey.describeConfigs
    package static let supportedVersions = DescribeConfigsRequest.supportedVersions
    package static let firstFlexibleVersion = DescribeConfigsRequest.firstFlexibleVersion

    /// Where a value comes from, as `DescribeConfigsResponse.ConfigSource` numbers it.
    package struct ConfigSource: RawRepresentable, Hashable, Sendable {
        package var rawValue: Int8
        package init(rawValue: Int8) { self.rawValue = rawValue }

        /// Not sent (v0) or not known.
        package static let unknown = ConfigSource(rawValue: -1)
        package static let dynamicTopicConfig = ConfigSource(rawValue: 1)
        static let dynamicBrokerConfig = ConfigSource(rawValue: 2)
        static let dynamicDefaultBrokerConfig = ConfigSource(rawValue: 3)
        static let staticBrokerConfig = ConfigSource(rawValue: 4)
        package static let defaultConfig = ConfigSource(rawValue: 5)
    }

    /// Another place the same setting is defined, in precedence order.
    package struct Synonym: Sendable, Equatable {
        package var name: String
        package var value: String?
        package var source: ConfigSource

        init(name: String, value: String?, source: ConfigSource) {
            self.name = name
            self.value = value
            self.source = source
        }
    }

    package struct Config: Sendable, Equatable {
        package var name: String
        /// The value; nil when sensitive or unset.
        package var value: String?
        package var isReadOnly: Bool
        /// Whether the value is the default (v0 only; later versions say it with `source`).
        package var isDefault: Bool
        /// Where the value comes from (v1+).
        package var source: ConfigSource
        package var isSensitive: Bool
        /// Synonyms (v1+), when asked for.
        package var synonyms: [Synonym]
        /// The value's type (v3+), as `ConfigDef.Type` numbers it; 0 is unknown.
        package var configType: Int8
        /// Documentation (v3+), when asked for.
        package var documentation: String?

        package init(
            name: String, value: String?, isReadOnly: Bool = false, isDefault: Bool = false,
            source: ConfigSource = .unknown, isSensitive: Bool = false, synonyms: [Synonym] = [],
            configType: Int8 = 0, documentation: String? = nil
        ) {
            self.name = name
            self.value = value
            self.isReadOnly = isReadOnly
            self.isDefault = isDefault
            self.source = source
            self.isSensitive = isSensitive
            self.synonyms = synonyms
            self.configType = configType
            self.documentation = documentation
        }

        /// Whether the value is Kafka's default, in any version.
        package var isDefaultValue: Bool { isDefault || source == .defaultConfig }
    }

    package struct Result: Sendable, Equatable {
        package var errorCode: KafkaErrorCode
        package var errorMessage: String?
        package var resourceType: DescribeConfigsRequest.ResourceType
        package var resourceName: String
        package var configs: [Config]

        package init(
            errorCode: KafkaErrorCode = .none, errorMessage: String? = nil,
            resourceType: DescribeConfigsRequest.ResourceType, resourceName: String, configs: [Config]
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configs = configs
        }

        /// The config named `name`, if returned.
        package func config(named name: String) -> Config? { configs.first { $0.name == name } }
    }

    package var throttleTimeMs: Int32
    package var results: [Result]

    package init(throttleTimeMs: Int32 = 0, results: [Result]) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        writer.writeInt32(throttleTimeMs)
        try writer.writeArray(results) { writer, result in
            writer.writeErrorCode(result.errorCode)
            try writer.writeNullableString(result.errorMessage)
            writer.writeInt8(result.resourceType.rawValue)
            try writer.writeString(result.resourceName)
            try writer.writeArray(result.configs) { writer, config in
                try Self.encode(config, into: &writer, version: version)
            }
            writer.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }

    private static func encode(_ config: Config, into writer: inout KafkaWriter, version: Int16) throws {
        try writer.writeString(config.name)
        try writer.writeNullableString(config.value)
        writer.writeBool(config.isReadOnly)
        if version == 0 { writer.writeBool(config.isDefault) }
        if version >= 1 { writer.writeInt8(config.source.rawValue) }
        writer.writeBool(config.isSensitive)
        if version >= 1 {
            try writer.writeArray(config.synonyms) { writer, synonym in
                try writer.writeString(synonym.name)
                try writer.writeNullableString(synonym.value)
                writer.writeInt8(synonym.source.rawValue)
                writer.writeEmptyTaggedFields()
            }
        }
        if version >= 3 {
            writer.writeInt8(config.configType)
            try writer.writeNullableString(config.documentation)
        }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> DescribeConfigsResponse {
        let throttleTimeMs = try reader.readInt32()
        let results = try reader.readArray(minimumElementSize: 5) { reader in
            let errorCode = try reader.readErrorCode()
            let errorMessage = try reader.readNullableString()
            let resourceType = DescribeConfigsRequest.ResourceType(rawValue: try reader.readInt8())
            let resourceName = try reader.readString()
            let configs = try reader.readArray(minimumElementSize: 4) { reader in
                try decodeConfig(from: &reader, version: version)
            }
            try reader.readTaggedFields()
            return Result(
                errorCode: errorCode, errorMessage: errorMessage, resourceType: resourceType,
                resourceName: resourceName, configs: configs)
        }
        try reader.readTaggedFields()
        return DescribeConfigsResponse(throttleTimeMs: throttleTimeMs, results: results)
    }

    private static func decodeConfig(from reader: inout KafkaReader, version: Int16) throws -> Config {
        var config = Config(name: try reader.readString(), value: try reader.readNullableString())
        config.isReadOnly = try reader.readBool()
        if version == 0 { config.isDefault = try reader.readBool() }
        if version >= 1 { config.source = ConfigSource(rawValue: try reader.readInt8()) }
        config.isSensitive = try reader.readBool()
        if version >= 1 {
            config.synonyms = try reader.readArray(minimumElementSize: 3) { reader in
                let synonym = Synonym(
                    name: try reader.readString(), value: try reader.readNullableString(),
                    source: ConfigSource(rawValue: try reader.readInt8()))
                try reader.readTaggedFields()
                return synonym
            }
        }
        if version >= 3 {
            config.configType = try reader.readInt8()
            config.documentation = try reader.readNullableString()
        }
        try reader.readTaggedFields()
        return config
    }
}
