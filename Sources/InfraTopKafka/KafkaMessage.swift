import NIOCore

/// A Kafka message body (request or response) that this codec can encode and
/// decode at every version in `supportedVersions`.
package protocol KafkaMessage: Sendable, Equatable {
    /// The API this message belongs to.
    static var apiKey: KafkaAPIKey { get }
    /// The versions this codec implements, each exactly as the schema says.
    static var supportedVersions: ClosedRange<Int16> { get }
    /// The first version using the flexible encoding (compact strings and
    /// arrays, tagged fields); `Int16.max` when the API has none we support.
    static var firstFlexibleVersion: Int16 { get }

    /// Writes the body at `version`. The writer's `isFlexible` matches `version`.
    func encode(into writer: inout KafkaWriter, version: Int16) throws
    /// Reads the body at `version`. The reader's `isFlexible` matches `version`.
    static func decode(from reader: inout KafkaReader, version: Int16) throws -> Self
}

/// A request body; sent with a request header.
package protocol KafkaRequest: KafkaMessage {
    /// The response body this request is answered with.
    associatedtype Response: KafkaResponse
}

/// A response body; received after a response header.
package protocol KafkaResponse: KafkaMessage {}

extension KafkaMessage {
    /// Whether `version` uses the flexible encoding.
    package static func isFlexible(version: Int16) -> Bool { version >= firstFlexibleVersion }

    /// Throws `unsupportedVersion` unless `version` is one this codec implements.
    static func checkVersion(_ version: Int16) throws {
        guard supportedVersions.contains(version) else {
            throw KafkaProtocolError.unsupportedVersion(
                apiKey: apiKey.rawValue, version: version, supported: supportedVersions)
        }
    }

    /// Encodes the body alone at `version`, checking the version first.
    package func encodedBody(version: Int16) throws -> ByteBuffer {
        try Self.checkVersion(version)
        var writer = KafkaWriter(isFlexible: Self.isFlexible(version: version))
        try encode(into: &writer, version: version)
        return writer.buffer
    }

    /// Decodes a body that fills `buffer` at `version`, checking the version
    /// first. Bytes after the body are ignored, as Kafka clients do, so a
    /// newer broker's additions cannot break an older reader.
    package static func decode(body buffer: ByteBuffer, version: Int16) throws -> Self {
        try checkVersion(version)
        var reader = KafkaReader(buffer: buffer, isFlexible: isFlexible(version: version))
        return try decode(from: &reader, version: version)
    }
}
