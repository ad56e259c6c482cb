import NIOCore

/// Puts message bodies into complete frames (size prefix, header, body) and
/// takes them out again, choosing header versions as the protocol requires.
package enum KafkaEnvelope {
    /// Encodes `request` at `version` as a complete frame ready to send.
    package static func encodeRequest<Request: KafkaRequest>(
        _ request: Request, version: Int16, correlationID: Int32, clientID: String?
    ) throws -> ByteBuffer {
        try Request.checkVersion(version)
        let isFlexible = Request.isFlexible(version: version)
        var writer = KafkaWriter(isFlexible: isFlexible)
        writer.writeInt32(0)  // Size, patched below once known.
        let header = KafkaRequestHeader(
            apiKey: Request.apiKey, apiVersion: version, correlationID: correlationID, clientID: clientID)
        try header.encode(into: &writer, headerVersion: KafkaRequestHeader.version(isFlexible: isFlexible))
        try request.encode(into: &writer, version: version)
        return patchingSize(writer.buffer)
    }

    /// Decodes the body of a response frame (without its size prefix) that
    /// answers a `Request` sent at `version` with `correlationID`.
    package static func decodeResponse<Request: KafkaRequest>(
        to requestType: Request.Type, frame: ByteBuffer, version: Int16, correlationID: Int32
    ) throws -> Request.Response {
        try Request.Response.checkVersion(version)
        let isFlexible = Request.Response.isFlexible(version: version)
        var reader = KafkaReader(buffer: frame, isFlexible: isFlexible)
        let headerVersion = KafkaResponseHeader.version(apiKey: Request.apiKey, isFlexible: isFlexible)
        let header = try KafkaResponseHeader.decode(from: &reader, headerVersion: headerVersion)
        try header.checkCorrelationID(correlationID)
        return try Request.Response.decode(from: &reader, version: version)
    }

    /// The correlation id at the front of a response frame body, or nil when
    /// the frame is shorter than one; lets a connection route a frame before
    /// it knows which request type it answers.
    package static func correlationID(ofResponse frame: ByteBuffer) -> Int32? {
        frame.getInteger(at: frame.readerIndex, endianness: .big, as: Int32.self)
    }

    /// Decodes a request frame body (without size prefix) as a broker would:
    /// used by tests and mock brokers.
    package static func decodeRequest<Request: KafkaRequest>(
        _ requestType: Request.Type, frame: ByteBuffer
    ) throws -> (header: KafkaRequestHeader, request: Request) {
        guard let version = frame.getInteger(at: frame.readerIndex + 2, endianness: .big, as: Int16.self) else {
            throw KafkaProtocolError.truncated(what: "request header", needed: 4, available: frame.readableBytes)
        }
        try Request.checkVersion(version)
        let isFlexible = Request.isFlexible(version: version)
        var reader = KafkaReader(buffer: frame, isFlexible: isFlexible)
        let header = try KafkaRequestHeader.decode(
            from: &reader, headerVersion: KafkaRequestHeader.version(isFlexible: isFlexible))
        return (header, try Request.decode(from: &reader, version: version))
    }

    /// Encodes `response` at `version` as a complete frame, as a broker
    /// would: used by tests and mock brokers.
    package static func encodeResponse<Response: KafkaResponse>(
        _ response: Response, version: Int16, correlationID: Int32
    ) throws -> ByteBuffer {
        try Response.checkVersion(version)
        let isFlexible = Response.isFlexible(version: version)
        var writer = KafkaWriter(isFlexible: isFlexible)
        writer.writeInt32(0)
        KafkaResponseHeader(correlationID: correlationID).encode(
            into: &writer, headerVersion: KafkaResponseHeader.version(apiKey: Response.apiKey, isFlexible: isFlexible))
        try response.encode(into: &writer, version: version)
        return patchingSize(writer.buffer)
    }

    private static func patchingSize(_ buffer: ByteBuffer) -> ByteBuffer {
        var framed = buffer
        framed.setInteger(Int32(truncatingIfNeeded: framed.readableBytes - 4), at: framed.readerIndex, endianness: .big)
        return framed
    }
}
