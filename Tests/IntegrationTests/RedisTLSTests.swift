import Foundation
import InfraTopCore
import NIOCore
import NIOSSL
import Testing
import InfraTopRedis

/// A self-signed certificate for `localhost` and 127.0.0.1, made with the openssl command line.
/// MongoDB's TLS tests use it too.
func makeCertificate(in directory: URL) throws -> (certificate: URL, key: URL) {
    let certificate = directory.appendingPathComponent("cert.pem")
    let key = directory.appendingPathComponent("key.pem")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    process.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                         "-keyout", key.path, "-out", certificate.path,
                         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw TestServerError("openssl could not make a certificate") }
    return (certificate, key)
}

@Suite(.serialized, .enabled(if: RedisTestServer.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
struct RedisTLSTests {
    let password = "saga-tls-\(UInt32.random(in: 100_000...999_999))"

    private func collector(port: Int, tls: TLSConfiguration) -> RedisCollector {
        RedisCollector(configuration: RedisCollector.Configuration(
            endpoint: RedisEndpoint(host: "localhost", port: port, usesTLS: true, password: password),
            connection: RedisConnection.Configuration(connectTimeout: .seconds(2), requestTimeout: .seconds(2), tls: tls)
        ))
    }

    @Test func pollsOverTLSWithTrustedCertificate() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-redis-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try makeCertificate(in: directory)
        let server = try RedisTestServer(password: password, tls: files)
        defer { server.stop() }
        try server.start()

        var trusting = TLSConfiguration.makeClientConfiguration()
        trusting.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(files.certificate.path))
        let redis = collector(port: server.port, tls: trusting)
        defer { redis.close() }
        let sample = try await redis.poll().get()
        #expect(sample.protocolVersion == 3)
        #expect(sample.info.maxmemory == .bytes(256 * 1024 * 1024))

        // The same server with only the system's roots: the self-signed certificate is refused.
        let untrusting = collector(port: server.port, tls: .makeClientConfiguration())
        defer { untrusting.close() }
        let message = try #require(await untrusting.poll().failureMessage)
        #expect(message == "TLS certificate of localhost:\(server.port) is not trusted — give infratop the CA that signed it")
    }

    @Test func tlsToAPlainServerTimesOutWithAHint() async throws {
        let server = try RedisTestServer(password: password)
        defer { server.stop() }
        try server.start()
        let redis = collector(port: server.port, tls: .makeClientConfiguration())
        defer { redis.close() }
        let message = try #require(await redis.poll().failureMessage)
        #expect(message == "Redis at localhost:\(server.port) did not answer HELLO within 2 s — check that this port speaks TLS (rediss://)")
    }

    @Test func plainRESPToATLSServerIsDroppedDuringLogin() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-redis-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RedisTestServer(password: password, tls: try makeCertificate(in: directory))
        defer { server.stop() }
        try server.start()
        let redis = RedisCollector(configuration: RedisCollector.Configuration(
            endpoint: RedisEndpoint(host: "127.0.0.1", port: server.port, password: password)))
        defer { redis.close() }
        let message = try #require(await redis.poll().failureMessage)
        #expect(message == "connection to 127.0.0.1:\(server.port) closed during login — if that port expects TLS, use rediss://")
    }
}
