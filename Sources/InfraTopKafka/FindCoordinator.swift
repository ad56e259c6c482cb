/// FindCoordinator request (key 10): which broker coordinates a consumer
/// group (or transaction), the broker to ask for committed offsets.
package struct FindCoordinatorRequest: KafkaRequest {
    package typealias Response = FindCoordinatorResponse
    package static let apiKey = KafkaAPIKey.findCoordinator
    package static let supportedVersions: ClosedRange<Int16> = 0...4
    package static let firstFlexibleVersion: Int16 = 3

    /// What kind of key is being looked up (v1+).
    package enum KeyType: Int8, Sendable {
        case group = 0
        case transaction = 1
    }

    package var keyType: KeyType
    /// The group ids (or transactional ids). Versions before 4 carry exactly one.
    package var keys: [String]

    package init(keyType: KeyType = .group, keys: [String]) {
        self.keyType = keyType
        self.keys = keys
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        if version >= 4 {
            writer.writeInt8(keyType.rawValue)
            try writer.writeStringArray(keys)
        } else {
            guard keys.count == 1, let key = keys.first else {
                throw KafkaProtocolError.invalidValue(what: "coordinator key count before v4", value: Int64(keys.count))
            }
            try writer.writeString(key)
            if version >= 1 { writer.writeInt8(keyType.rawValue) }
        }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> FindCoordinatorRequest {
        var keys: [String] = []
        if version < 4 { keys = [try reader.readString()] }
        var keyType = KeyType.group
        if version >= 1 {
            let raw = try reader.readInt8()
            guard let type = KeyType(rawValue: raw) else {
                throw KafkaProtocolError.invalidValue(what: "coordinator key type", value: Int64(raw))
            }
            keyType = type
        }
        if version >= 4 { keys = try reader.readStringArray() }
        try reader.readTaggedFields()
        return FindCoordinatorRequest(keyType: keyType, keys: keys)
    }
}

/// FindCoordinator response: the coordinator of each key asked for.
package struct FindCoordinatorResponse: KafkaResponse {
    package static let apiKey = KafkaAPIKey.findCoordinator
    package static let supportedVersions = FindCoordinatorRequest.supportedVersions
    package static let firstFlexibleVersion = FindCoordinatorRequest.firstFlexibleVersion

    /// The coordinator found for one key, or the error that prevented it.
    package struct Coordinator: Sendable, Equatable {
        /// The key (v4+). Earlier versions do not echo it, so it decodes as "".
        package var key: String
        package var nodeID: Int32
        package var host: String
        package var port: Int32
        package var errorCode: KafkaErrorCode
        /// The broker's explanation (v1+), or nil.
        package var errorMessage: String?

        package init(
            key: String = "", nodeID: Int32, host: String, port: Int32,
            errorCode: KafkaErrorCode = .none, errorMessage: String? = nil
        ) {
            self.key = key
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }
    }

    /// Milliseconds the broker throttled the request (v1+).
    package var throttleTimeMs: Int32
    /// One entry per key; exactly one before v4.
    package var coordinators: [Coordinator]

    package init(throttleTimeMs: Int32 = 0, coordinators: [Coordinator]) {
        self.throttleTimeMs = throttleTimeMs
        self.coordinators = coordinators
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        if version >= 4 {
            try writer.writeArray(coordinators) { writer, coordinator in
                try writer.writeString(coordinator.key)
                writer.writeInt32(coordinator.nodeID)
                try writer.writeString(coordinator.host)
                writer.writeInt32(coordinator.port)
                writer.writeErrorCode(coordinator.errorCode)
                try writer.writeNullableString(coordinator.errorMessage)
                writer.writeEmptyTaggedFields()
            }
        } else {
            guard coordinators.count == 1, let coordinator = coordinators.first else {
                throw KafkaProtocolError.invalidValue(what: "coordinator count before v4", value: Int64(coordinators.count))
            }
            writer.writeErrorCode(coordinator.errorCode)
            if version >= 1 { try writer.writeNullableString(coordinator.errorMessage) }
            writer.writeInt32(coordinator.nodeID)
            try writer.writeString(coordinator.host)
            writer.writeInt32(coordinator.port)
        }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> FindCoordinatorResponse {
        var response = FindCoordinatorResponse(coordinators: [])
        if version >= 1 { response.throttleTimeMs = try reader.readInt32() }
        if version >= 4 {
            response.coordinators = try reader.readArray(minimumElementSize: 13) { reader in
                let coordinator = Coordinator(
                    key: try reader.readString(), nodeID: try reader.readInt32(), host: try reader.readString(),
                    port: try reader.readInt32(), errorCode: try reader.readErrorCode(),
                    errorMessage: try reader.readNullableString())
                try reader.readTaggedFields()
                return coordinator
            }
        } else {
            let errorCode = try reader.readErrorCode()
            let errorMessage = version >= 1 ? try reader.readNullableString() : nil
            response.coordinators = [Coordinator(
                nodeID: try reader.readInt32(), host: try reader.readString(), port: try reader.readInt32(),
                errorCode: errorCode, errorMessage: errorMessage)]
        }
        try reader.readTaggedFields()
        return response
    }
}
