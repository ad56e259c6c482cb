import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `redis-server` of the test's own, on a free loopback port in a temporary directory.
///
/// Stopped by PID with SIGKILL in `stop()` and again, as a safety net, in `deinit`,
/// so a failing test does not leave a server behind.
final class RedisTestServer: @unchecked Sendable {
    let port: Int
    let password: String?
    let directory: URL
    private let configuration: URL
    private var process: Process?
    private let lock = NSLock()

    /// Where Debian puts the binaries.
    static let serverPath = "/usr/bin/redis-server"
    static let benchmarkPath = "/usr/bin/redis-benchmark"

    /// Whether redis-server is installed; integration tests are skipped without it.
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: serverPath) }

    /// Writes the configuration: the e-commerce-saga settings plus `extraLines`.
    /// With `tls`, the server listens only for TLS, with that certificate and key.
    init(password: String?, tls: (certificate: URL, key: URL)? = nil, extraLines: [String] = []) throws {
        port = try Self.freePort()
        self.password = password
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        configuration = directory.appendingPathComponent("redis.conf")
        var lines = tls.map { ["port 0", "tls-port \(port)", "tls-cert-file \($0.certificate.path)", "tls-key-file \($0.key.path)", "tls-auth-clients no"] }
            ?? ["port \(port)"]
        lines += [
            "bind 127.0.0.1",
            "protected-mode yes",
            "daemonize no",
            "dir \(directory.path)",
            "logfile \(directory.appendingPathComponent("redis.log").path)",
            "save \"\"",
            "maxmemory 256mb",
            "maxmemory-policy allkeys-lru",
            "appendonly yes",
        ]
        if let password { lines.append("requirepass \(password)") }
        lines += extraLines
        try (lines.joined(separator: "\n") + "\n").write(to: configuration, atomically: true, encoding: .utf8)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.serverPath)
        process.arguments = [configuration.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lock.withLock { self.process = process }
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if Self.accepts(port: port) { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        stop()
        let log = (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
        throw TestServerError("redis-server on port \(port) did not start: \(log.suffix(500))")
    }

    /// Kills the server (SIGKILL, by PID) and waits for it to exit.
    func stop() {
        let process = lock.withLock { () -> Process? in
            defer { self.process = nil }
            return self.process
        }
        guard let process else { return }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Sends `signal` to the server, e.g. SIGSTOP to make it hang and SIGCONT to wake it.
    func signal(_ signal: Int32) {
        lock.withLock {
            if let process = self.process, process.isRunning { kill(process.processIdentifier, signal) }
        }
    }

    /// A port nothing listens on right now (the kernel picks it; the race until redis binds it is tiny).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw TestServerError("bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw TestServerError("getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// A helper process (redis-benchmark) that is killed by PID when stopped or released.
final class RedisTestLoad: @unchecked Sendable {
    private let process = Process()

    /// Starts `redis-benchmark` writing `valueSize`-byte values with random keys until stopped.
    init(port: Int, password: String?, valueSize: Int = 8192, requests: Int = 2_000_000) throws {
        process.executableURL = URL(fileURLWithPath: RedisTestServer.benchmarkPath)
        var arguments = ["-h", "127.0.0.1", "-p", String(port), "-t", "set", "-d", String(valueSize),
                         "-n", String(requests), "-r", "1000000", "-P", "16", "-c", "4", "-q"]
        if let password { arguments += ["-a", password] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit { stop() }

    var isRunning: Bool { process.isRunning }

    func stop() {
        // processIdentifier stays 0 when run() failed; there is nothing to wait for then.
        guard process.processIdentifier != 0 else { return }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
