import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

@Suite struct KafkaApiVersionsTests {
    private typealias API = ApiVersionsResponse.APIVersion

    @Test func requestFrameV3IsExact() throws {
        let frame = try KafkaEnvelope.encodeRequest(
            ApiVersionsRequest(clientSoftwareName: "infratop", clientSoftwareVersion: "0.1.0"),
            version: 3, correlationID: 7, clientID: "infratop")
        let header: [UInt8] = [0x00, 0x12, 0x00, 0x03] + kafkaInt32(7) + kafkaString("infratop") + [0x00]
        let body: [UInt8] = kafkaCompactString("infratop") + kafkaCompactString("0.1.0") + [0x00]
        #expect(kafkaBytes(frame) == kafkaInt32(Int32(header.count + body.count)) + header + body)
    }

    @Test func requestFrameV0HasEmptyBody() throws {
        let frame = try KafkaEnvelope.encodeRequest(ApiVersionsRequest(), version: 0, correlationID: 1, clientID: "x")
        #expect(kafkaBytes(frame) == [0, 0, 0, 11, 0x00, 0x12, 0x00, 0x00, 0, 0, 0, 1, 0x00, 0x01, 0x78])
    }

    @Test func requestsRoundTrip() throws {
        try expectRoundTrip { version in
            version >= 3 ? ApiVersionsRequest(clientSoftwareName: "a", clientSoftwareVersion: "b")
                : ApiVersionsRequest(clientSoftwareName: "", clientSoftwareVersion: "")
        }
        let frame = try KafkaEnvelope.encodeRequest(ApiVersionsRequest(), version: 3, correlationID: 3, clientID: "c")
        var stream = frame
        let body = try #require(try KafkaFrameDecoder().nextFrame(from: &stream))
        let (header, request) = try KafkaEnvelope.decodeRequest(ApiVersionsRequest.self, frame: body)
        #expect(header == KafkaRequestHeader(apiKey: .apiVersions, apiVersion: 3, correlationID: 3, clientID: "c"))
        #expect(request == ApiVersionsRequest())
    }

    @Test func responsesRoundTrip() throws {
        try expectRoundTrip { version in
            ApiVersionsResponse(
                errorCode: .none,
                apiVersions: [API(apiKey: .metadata, minVersion: 0, maxVersion: 12), API(apiKey: KafkaAPIKey(rawValue: 999), minVersion: 0, maxVersion: 1)],
                throttleTimeMs: version >= 1 ? 15 : 0,
                supportedFeatures: version >= 3 ? [.init(name: "metadata.version", minVersion: 1, maxVersion: 21)] : [],
                finalizedFeaturesEpoch: version >= 3 ? 77 : -1,
                finalizedFeatures: version >= 3 ? [.init(name: "metadata.version", minVersion: 1, maxVersion: 20)] : [])
        }
    }

    static let v0Body: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x00, 0x02]
        + [0x00, 0x03, 0x00, 0x00, 0x00, 0x0C]
        + [0x00, 0x12, 0x00, 0x00, 0x00, 0x03]

    @Test func decodesV0FromSpec() throws {
        let response = try ApiVersionsResponse.decode(body: kafkaBuffer(Self.v0Body), version: 0)
        #expect(response == ApiVersionsResponse(apiVersions: [
            API(apiKey: .metadata, minVersion: 0, maxVersion: 12), API(apiKey: .apiVersions, minVersion: 0, maxVersion: 3),
        ]))
        #expect(response.versionRange(for: .metadata) == 0...12)
        #expect(response.versionRange(for: .describeCluster) == nil)
        expectTruncationsFail(ApiVersionsResponse.self, bytes: Self.v0Body, version: 0)
    }

    static let v3Body: [UInt8] = [0x00, 0x00, 0x03]
        + [0x00, 0x03, 0x00, 0x00, 0x00, 0x0C, 0x00]
        + [0x00, 0x12, 0x00, 0x00, 0x00, 0x04, 0x00]
        + kafkaInt32(0)
        // Tag 1 (finalized features epoch = 5) and tag 3 (ZkMigrationReady, not decoded).
        + [0x02, 0x01, 0x08] + kafkaInt64(5) + [0x03, 0x01, 0x01]

    @Test func decodesV3FromSpecSkippingUnknownTags() throws {
        let response = try ApiVersionsResponse.decode(body: kafkaBuffer(Self.v3Body), version: 3)
        #expect(response == ApiVersionsResponse(
            apiVersions: [API(apiKey: .metadata, minVersion: 0, maxVersion: 12), API(apiKey: .apiVersions, minVersion: 0, maxVersion: 4)],
            finalizedFeaturesEpoch: 5))
        expectTruncationsFail(ApiVersionsResponse.self, bytes: Self.v3Body, version: 3)
    }

    @Test func decodesTheV0FallbackToAnUnsupportedVersion() throws {
        // A broker that only knows ApiVersions 0-2 answers our v3 request in
        // the v0 format, with UNSUPPORTED_VERSION and its own range.
        let body: [UInt8] = [0x00, 0x23, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x00, 0x00, 0x00, 0x02]
        let frame = kafkaBuffer(kafkaInt32(11) + body)
        let response = try KafkaEnvelope.decodeResponse(to: ApiVersionsRequest.self, frame: frame, version: 3, correlationID: 11)
        #expect(response.errorCode == .unsupportedVersion)
        #expect(response.versionRange(for: .apiVersions) == 0...2)
        #expect(KafkaVersionNegotiation.negotiate(ApiVersionsRequest.supportedVersions, 0...2) == 2)
    }

    @Test func responseFrameV3UsesHeaderV0() throws {
        let response = ApiVersionsResponse(apiVersions: [API(apiKey: .metadata, minVersion: 0, maxVersion: 12)])
        let frame = try KafkaEnvelope.encodeResponse(response, version: 3, correlationID: 4)
        let expectedBody: [UInt8] = [0x00, 0x00, 0x02, 0x00, 0x03, 0x00, 0x00, 0x00, 0x0C, 0x00] + kafkaInt32(0) + [0x00]
        #expect(kafkaBytes(frame) == kafkaInt32(Int32(4 + expectedBody.count)) + kafkaInt32(4) + expectedBody)
        var stream = frame
        let body = try #require(try KafkaFrameDecoder().nextFrame(from: &stream))
        #expect(try KafkaEnvelope.decodeResponse(to: ApiVersionsRequest.self, frame: body, version: 3, correlationID: 4) == response)
    }

    @Test func hostileCountsThrow() {
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "array", length: Int64(Int32.max), remaining: 0)) {
            _ = try ApiVersionsResponse.decode(body: kafkaBuffer([0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF]), version: 0)
        }
        #expect(throws: KafkaProtocolError.negativeLength(what: "array", length: -5)) {
            _ = try ApiVersionsResponse.decode(body: kafkaBuffer([0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFB]), version: 2)
        }
    }

    @Test func negotiationPicksHighestCommonVersion() {
        #expect(KafkaVersionNegotiation.negotiate(1...13, 0...12) == 12)
        #expect(KafkaVersionNegotiation.negotiate(1...7, 3...10) == 7)
        #expect(KafkaVersionNegotiation.negotiate(4...5, 0...3) == nil)
        let broker = [
            API(apiKey: .metadata, minVersion: 0, maxVersion: 12),
            API(apiKey: .listOffsets, minVersion: 8, maxVersion: 10),
            API(apiKey: .describeCluster, minVersion: 1, maxVersion: 0),  // Malformed: min > max.
            API(apiKey: .fetch, minVersion: 0, maxVersion: 16),
        ]
        let ours: [KafkaAPIKey: ClosedRange<Int16>] = [.metadata: 1...13, .listOffsets: 1...7, .describeCluster: 0...1]
        #expect(KafkaVersionNegotiation.negotiate(ours, broker) == [.metadata: 12])
    }
}
