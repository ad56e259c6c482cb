/// The header in front of every Kafka request.
///
/// Version 1 carries the client id; version 2, used by flexible request
/// versions, adds a tagged-field section. The client id stays a classic
/// (int16-length) nullable string even in version 2, as the schema says.
package struct KafkaRequestHeader: Sendable, Equatable {
    package var apiKey: KafkaAPIKey
    package var apiVersion: Int16
    package var correlationID: Int32
    package var clientID: String?

    package init(apiKey: KafkaAPIKey, apiVersion: Int16, correlationID: Int32, clientID: String?) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationID = correlationID
        self.clientID = clientID
    }

    /// The header version (1 or 2) to use for a request at a version whose
    /// flexibility is `isFlexible`.
    package static func version(isFlexible: Bool) -> Int16 { isFlexible ? 2 : 1 }

    /// Writes the header in `headerVersion` (1 or 2).
    package func encode(into writer: inout KafkaWriter, headerVersion: Int16) throws {
        writer.writeInt16(apiKey.rawValue)
        writer.writeInt16(apiVersion)
        writer.writeInt32(correlationID)
        try writer.writeNullableString(clientID, compact: false)
        if headerVersion >= 2 { writer.writeUnsignedVarint(0) }
    }

    /// Reads a header in `headerVersion` (1 or 2); unknown tags are skipped.
    package static func decode(from reader: inout KafkaReader, headerVersion: Int16) throws -> KafkaRequestHeader {
        let apiKey = KafkaAPIKey(rawValue: try reader.readInt16())
        let apiVersion = try reader.readInt16()
        let correlationID = try reader.readInt32()
        let clientID = try reader.readNullableString(compact: false)
        if headerVersion >= 2 { try reader.readTaggedFieldSection() }
        return KafkaRequestHeader(apiKey: apiKey, apiVersion: apiVersion, correlationID: correlationID, clientID: clientID)
    }
}

/// The header in front of every Kafka response: the correlation id and, in
/// version 1, a tagged-field section.
package struct KafkaResponseHeader: Sendable, Equatable {
    package var correlationID: Int32

    package init(correlationID: Int32) { self.correlationID = correlationID }

    /// The header version (0 or 1) of a response to `apiKey` at a version
    /// whose flexibility is `isFlexible`.
    ///
    /// ApiVersions always answers with header v0: a client that does not yet
    /// know the broker's versions must still be able to read the answer.
    package static func version(apiKey: KafkaAPIKey, isFlexible: Bool) -> Int16 {
        apiKey == .apiVersions ? 0 : (isFlexible ? 1 : 0)
    }

    /// Writes the header in `headerVersion` (0 or 1).
    package func encode(into writer: inout KafkaWriter, headerVersion: Int16) {
        writer.writeInt32(correlationID)
        if headerVersion >= 1 { writer.writeUnsignedVarint(0) }
    }

    /// Reads a header in `headerVersion` (0 or 1); unknown tags are skipped.
    package static func decode(from reader: inout KafkaReader, headerVersion: Int16) throws -> KafkaResponseHeader {
        let correlationID = try reader.readInt32()
        if headerVersion >= 1 { try reader.readTaggedFieldSection() }
        return KafkaResponseHeader(correlationID: correlationID)
    }

    /// Throws `correlationIDMismatch` unless this header answers the request
    /// sent with `expected`.
    package func checkCorrelationID(_ expected: Int32) throws {
        guard correlationID == expected else {
            throw KafkaProtocolError.correlationIDMismatch(expected: expected, received: correlationID)
        }
    }
}
