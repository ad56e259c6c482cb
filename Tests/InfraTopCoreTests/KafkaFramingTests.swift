import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

@Suite struct KafkaFramingTests {
    @Test func requestHeaderV1HasClassicClientID() throws {
        var writer = KafkaWriter()
        let header = KafkaRequestHeader(apiKey: .metadata, apiVersion: 1, correlationID: 42, clientID: "it")
        try header.encode(into: &writer, headerVersion: 1)
        #expect(kafkaBytes(writer.buffer) == [0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x2A, 0x00, 0x02, 0x69, 0x74])
        var reader = KafkaReader(buffer: writer.buffer)
        #expect(try KafkaRequestHeader.decode(from: &reader, headerVersion: 1) == header)
    }

    @Test func requestHeaderV2KeepsClassicClientIDAndAddsTags() throws {
        // Even in a flexible header the client id is an int16-length string.
        var writer = KafkaWriter(isFlexible: true)
        let header = KafkaRequestHeader(apiKey: .metadata, apiVersion: 12, correlationID: 1, clientID: nil)
        try header.encode(into: &writer, headerVersion: 2)
        #expect(kafkaBytes(writer.buffer) == [0x00, 0x03, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0x00])
        var reader = KafkaReader(buffer: writer.buffer, isFlexible: true)
        #expect(try KafkaRequestHeader.decode(from: &reader, headerVersion: 2) == header)
        #expect(reader.remainingBytes == 0)
    }

    @Test func headerVersionsFollowFlexibility() {
        #expect(KafkaRequestHeader.version(isFlexible: false) == 1)
        #expect(KafkaRequestHeader.version(isFlexible: true) == 2)
        #expect(KafkaResponseHeader.version(apiKey: .metadata, isFlexible: false) == 0)
        #expect(KafkaResponseHeader.version(apiKey: .metadata, isFlexible: true) == 1)
        #expect(KafkaResponseHeader.version(apiKey: .apiVersions, isFlexible: true) == 0)
    }

    @Test func responseHeaderV1SkipsUnknownTags() throws {
        var reader = KafkaReader(buffer: kafkaBuffer([0, 0, 0, 9, 0x01, 0x07, 0x01, 0xEE, 0x42]))
        let header = try KafkaResponseHeader.decode(from: &reader, headerVersion: 1)
        #expect(header.correlationID == 9)
        #expect(try reader.readInt8() == 0x42)
    }

    @Test func correlationIDMismatchThrows() throws {
        let header = KafkaResponseHeader(correlationID: 5)
        try header.checkCorrelationID(5)
        #expect(throws: KafkaProtocolError.correlationIDMismatch(expected: 6, received: 5)) {
            try header.checkCorrelationID(6)
        }
        let frame = kafkaBuffer(kafkaInt32(5) + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00])
        #expect(KafkaEnvelope.correlationID(ofResponse: frame) == 5)
        #expect(throws: KafkaProtocolError.correlationIDMismatch(expected: 6, received: 5)) {
            _ = try KafkaEnvelope.decodeResponse(to: ApiVersionsRequest.self, frame: frame, version: 0, correlationID: 6)
        }
    }

    @Test func frameDecoderWaitsForWholeFrames() throws {
        let decoder = KafkaFrameDecoder()
        let stream: [UInt8] = [0, 0, 0, 2, 0xAA, 0xBB, 0, 0, 0, 0, 0, 0, 0, 1]
        for cut in 0..<6 {
            var partial = kafkaBuffer(Array(stream[..<cut]))
            #expect(try decoder.nextFrame(from: &partial) == nil, "cut at \(cut)")
            #expect(partial.readableBytes == cut)
        }
        var buffer = kafkaBuffer(stream)
        #expect(try decoder.nextFrame(from: &buffer).map(kafkaBytes) == [0xAA, 0xBB])
        #expect(try decoder.nextFrame(from: &buffer).map(kafkaBytes) == [])
        #expect(try decoder.nextFrame(from: &buffer) == nil)
        #expect(buffer.readableBytes == 4)
    }

    @Test func frameDecoderRejectsOversizedAndNegativeSizes() {
        let decoder = KafkaFrameDecoder(maximumFrameSize: 1024)
        var oversized = kafkaBuffer([0x00, 0x00, 0x04, 0x01])
        #expect(throws: KafkaProtocolError.frameTooLarge(size: 1025, limit: 1024)) {
            _ = try decoder.nextFrame(from: &oversized)
        }
        // "HTTP" read as a size: a peer that is not Kafka at all.
        var http = kafkaBuffer(Array("HTTP/1.1".utf8))
        #expect(throws: KafkaProtocolError.frameTooLarge(size: 0x4854_5450, limit: KafkaFrameDecoder.defaultMaximumFrameSize)) {
            _ = try KafkaFrameDecoder().nextFrame(from: &http)
        }
        var negative = kafkaBuffer([0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: KafkaProtocolError.negativeFrameSize(-1)) { _ = try decoder.nextFrame(from: &negative) }
    }

    @Test func envelopeRejectsVersionsOutsideTheCodec() {
        #expect(throws: KafkaProtocolError.unsupportedVersion(apiKey: 18, version: 4, supported: 0...3)) {
            _ = try KafkaEnvelope.encodeRequest(ApiVersionsRequest(), version: 4, correlationID: 1, clientID: nil)
        }
        #expect(throws: KafkaProtocolError.unsupportedVersion(apiKey: 18, version: -1, supported: 0...3)) {
            _ = try ApiVersionsResponse.decode(body: kafkaBuffer([]), version: -1)
        }
    }

    @Test func errorsReadAsSentences() {
        let error = KafkaProtocolError.correlationIDMismatch(expected: 2, received: 3)
        #expect(error.description.contains("correlation id 3 but 2 was expected"))
        let version = KafkaProtocolError.unsupportedVersion(apiKey: 3, version: 99, supported: 1...13)
        #expect(version.description.contains("Metadata version 99"))
    }
}
