import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The lab's MongoDB stand-in (`lab/mongostandin.py`, MockupDB) of the test's own, on a port
/// chosen once so that a restart comes back where the collector looks, with a password file.
///
/// Stopped by PID with SIGKILL in `stop()` and again, as a safety net, in `deinit`.
final class MongoStandIn: @unchecked Sendable {
    /// What the stand-in serves (lab/mongostandin.py's BASE, STEPS and constants).
    enum Served {
        static let version = "6.0.13"
        static let host = "mongodb-0"
        static let user = "infratop"
        /// Counters at start, and what each serverStatus reply adds.
        static let base = (insert: 1_200, query: 45_000, update: 3_300, delete: 17, getmore: 900, command: 260_000,
                           bytesIn: 48_000_000, bytesOut: 96_000_000, requests: 300_000, totalCreated: 512)
        static let steps = (insert: 120, query: 300, update: 40, delete: 2, getmore: 10, command: 600,
                            bytesIn: 52_000, bytesOut: 310_000, requests: 640, totalCreated: 1)
        static let lagSeconds = 42.0
    }

    static let script = KubeLab.repository + "/lab/mongostandin.py"

    /// Whether python3 can import mockupdb and pymongo's bson; the tests are skipped otherwise.
    static let isAvailable: Bool = {
        guard FileManager.default.fileExists(atPath: script), Subprocess.which("python3") else { return false }
        return (try? Subprocess.run(["python3", "-c", "import mockupdb, bson"]))?.status == 0
    }()

    let port: Int
    let password: String
    let directory: URL
    private var process: Process?
    private let lock = NSLock()

    init() throws {
        port = try RedisTestServer.freePort()
        password = "mongo-test-\(UInt32.random(in: 100_000...999_999))"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-mongo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try (password + "\n").write(to: passwordFile, atomically: true, encoding: .utf8)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    var passwordFile: URL { directory.appendingPathComponent("password") }
    private var ready: URL { directory.appendingPathComponent("ready") }

    /// The stand-in's process id while it runs.
    var processID: Int32? { lock.withLock { process?.processIdentifier } }

    /// Starts the stand-in and waits until it listens.
    func start() throws {
        try? FileManager.default.removeItem(at: ready)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-B", Self.script, "--dir", directory.path, "--port", String(port),
                             "--password-file", passwordFile.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lock.withLock { self.process = process }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: ready.path) { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        stop()
        throw TestServerError("the MongoDB stand-in on port \(port) did not start")
    }

    /// Kills the stand-in (SIGKILL, by PID) and waits for it to exit.
    func stop() {
        let process = lock.withLock { () -> Process? in
            defer { self.process = nil }
            return self.process
        }
        guard let process else { return }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// `standalone` or `replset`, as `scripts/lab ctl mongo ...` writes it.
    func setTopology(_ topology: String) throws {
        try (topology + "\n").write(to: directory.appendingPathComponent("topology"), atomically: true, encoding: .utf8)
    }
}
