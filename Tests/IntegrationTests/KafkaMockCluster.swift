import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import InfraTopCore
@testable import InfraTopBasics

/// librdkafka's mock Kafka cluster, run for one test by a small C harness
/// (Fixtures/kafka_mock_cluster.c.txt) compiled at run time. Commands go to its
/// stdin, answers come back on its stdout; it is stopped by PID.
///
/// The harness is spawned with posix_spawn and reaped with waitpid, because
/// Foundation's Process has been seen to hang here waiting for exits.
final class KafkaMockCluster {
    static let header = "/usr/include/librdkafka/rdkafka_mock.h"
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kafka_mock_cluster.c.txt").path

    /// The brokers' addresses, as the harness printed them.
    private(set) var bootstrap: [Endpoint] = []
    private var pid: pid_t
    private let input: Int32
    private let output: Int32
    private var buffered: [UInt8] = []
    private let directory: URL

    /// Compiles the harness and starts a cluster of `brokers` with `topics` ("name:partitions:replication").
    convenience init(brokers: Int = 3, topics: [String]) throws {
        guard FileManager.default.fileExists(atPath: Self.header) else {
            throw TestServerError("\(Self.header) is missing: install librdkafka-dev (apt-get install -y librdkafka-dev) to run the Kafka mock-cluster tests")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-kafka-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let binary = directory.appendingPathComponent("kafka_mock_cluster").path
        let compile = try Self.run(["cc", "-x", "c", "-o", binary, Self.source, "-lrdkafka"], log: directory.appendingPathComponent("cc.log").path)
        guard compile == 0 else {
            let log = (try? String(contentsOfFile: directory.appendingPathComponent("cc.log").path, encoding: .utf8)) ?? ""
            throw TestServerError("compiling the Kafka mock harness failed (is librdkafka-dev installed?): \(log)")
        }
        try self.init(launching: [binary, String(brokers)] + topics, directory: directory)
    }

    /// Starts `arguments` (a program that prints "BOOTSTRAP <addresses>" and "READY", then reads commands).
    init(launching arguments: [String], directory: URL) throws {
        self.directory = directory
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw TestServerError("pipe failed: errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, directory.appendingPathComponent("stderr.log").path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        for fd in [toChild[0], toChild[1], fromChild[0], fromChild[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard spawned == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw TestServerError("could not start the Kafka mock harness: error \(spawned)")
        }
        self.pid = pid
        input = toChild[1]
        output = fromChild[0]
        do {
            let first = try readLine(timeout: 20)
            guard first.hasPrefix("BOOTSTRAP ") else {
                throw TestServerError("the Kafka mock harness said \"\(first)\" instead of its bootstrap addresses")
            }
            bootstrap = try Endpoint.parseList(String(first.dropFirst("BOOTSTRAP ".count)))
            _ = try readLine(timeout: 20)  // READY
        } catch {
            stop()
            throw error
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends one command and fails the test with the harness's words unless it answers OK.
    func send(_ command: String) throws {
        let line = command + "\n"
        let written = line.withCString { write(input, $0, strlen($0)) }
        guard written == line.utf8.count else { throw TestServerError("could not write \"\(command)\" to the Kafka mock harness") }
        let answer = try readLine(timeout: 30)
        guard answer == "OK" else { throw TestServerError("the Kafka mock harness answered \"\(command)\" with \"\(answer)\"") }
    }

    /// Stops the harness: quit, then SIGTERM and SIGKILL by PID if it lingers.
    func stop() {
        guard pid > 0 else { return }
        _ = "quit\n".withCString { write(input, $0, 5) }
        close(input)
        close(output)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(5)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(20_000)
        }
        pid = 0
    }

    private func readLine(timeout: TimeInterval) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw TestServerError("the Kafka mock harness did not answer within \(Int(timeout)) s; see \(directory.path)/stderr.log") }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(remaining * 1000)) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(output, &chunk, chunk.count)
            guard count > 0 else { throw TestServerError("the Kafka mock harness exited; see \(directory.path)/stderr.log") }
            buffered += chunk[..<count]
        }
    }

    /// Runs a program to completion, output to `log`.
    static func run(_ arguments: [String], log: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestServerError("could not run \(arguments[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
