import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

@Suite struct KafkaDescribeConfigsTests {
    private typealias Request = DescribeConfigsRequest
    private typealias Response = DescribeConfigsResponse

    @Test func requestBytesV0AndV4() throws {
        let request = Request(resources: [
            .init(resourceType: .topic, resourceName: "orders", configurationKeys: ["min.insync.replicas"]),
            .init(resourceType: .broker, resourceName: "0"),
        ])
        #expect(kafkaBytes(try request.encodedBody(version: 0)) == kafkaInt32(2)
            + [0x02] + kafkaString("orders") + kafkaInt32(1) + kafkaString("min.insync.replicas")
            + [0x04] + kafkaString("0") + kafkaInt32(-1))
        #expect(kafkaBytes(try request.encodedBody(version: 4)) == [0x03]
            + [0x02] + kafkaCompactString("orders") + [0x02] + kafkaCompactString("min.insync.replicas") + [0x00]
            + [0x04] + kafkaCompactString("0") + [0x00] + [0x00]
            + [0x00, 0x00] + [0x00])
    }

    @Test func requestsRoundTrip() throws {
        try expectRoundTrip { version in
            Request(
                resources: [.init(resourceType: .topic, resourceName: "orders", configurationKeys: ["a", "b"]),
                            .init(resourceType: .broker, resourceName: "")],
                includeSynonyms: version >= 1, includeDocumentation: version >= 3)
        }
    }

    @Test func responsesRoundTrip() throws {
        try expectRoundTrip { version in
            let config = Response.Config(
                name: "min.insync.replicas", value: "2", isReadOnly: false, isDefault: version == 0,
                source: version >= 1 ? .dynamicTopicConfig : .unknown, isSensitive: false,
                synonyms: version >= 1 ? [.init(name: "min.insync.replicas", value: "1", source: .defaultConfig)] : [],
                configType: version >= 3 ? 3 : 0, documentation: version >= 3 ? "doc" : nil)
            let secret = Response.Config(name: "sasl.jaas.config", value: nil, isReadOnly: true, isSensitive: true)
            return Response(throttleTimeMs: 1, results: [
                .init(resourceType: .topic, resourceName: "orders", configs: [config, secret]),
                .init(errorCode: .clusterAuthorizationFailed, errorMessage: "denied", resourceType: .broker, resourceName: "1", configs: []),
            ])
        }
    }

    static let v0Body: [UInt8] = kafkaInt32(0) + kafkaInt32(1)
        + [0x00, 0x00] + [0xFF, 0xFF] + [0x02] + kafkaString("orders") + kafkaInt32(1)
        + kafkaString("min.insync.replicas") + kafkaString("2") + [0x00] + [0x01] + [0x00]

    @Test func decodesV0FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v0Body), version: 0)
        let config = Response.Config(name: "min.insync.replicas", value: "2", isDefault: true)
        #expect(response == Response(results: [.init(resourceType: .topic, resourceName: "orders", configs: [config])]))
        #expect(response.results.first?.config(named: "min.insync.replicas")?.isDefaultValue == true)
        expectTruncationsFail(Response.self, bytes: Self.v0Body, version: 0)
    }

    static let v4Body: [UInt8] = kafkaInt32(0) + [0x02]
        + [0x00, 0x00] + [0x00] + [0x04] + kafkaCompactString("0") + [0x02]
        + kafkaCompactString("log.retention.hours") + kafkaCompactString("168") + [0x01] + [0x05] + [0x00]
        + [0x02] + kafkaCompactString("log.retention.hours") + kafkaCompactString("168") + [0x05] + [0x00]
        + [0x03] + [0x00] + [0x00]
        + [0x00]
        + [0x00]

    @Test func decodesV4FromSpec() throws {
        let response = try Response.decode(body: kafkaBuffer(Self.v4Body), version: 4)
        let config = Response.Config(
            name: "log.retention.hours", value: "168", isReadOnly: true, source: .defaultConfig,
            synonyms: [.init(name: "log.retention.hours", value: "168", source: .defaultConfig)], configType: 3)
        #expect(response == Response(results: [.init(resourceType: .broker, resourceName: "0", configs: [config])]))
        #expect(config.isDefaultValue)
        expectTruncationsFail(Response.self, bytes: Self.v4Body, version: 4)
    }
}
