import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A standalone ZooKeeper from Debian's `zookeeper` package, run for one test on a free loopback
/// port with its own data directory. It is stopped by PID; nothing is left running.
final class ZooKeeperTestServer {
    static let java = "/usr/bin/java"
    static let classpath = "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar"
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: java) && FileManager.default.fileExists(atPath: "/usr/share/java/zookeeper.jar")
    }

    let port: Int
    let directory: URL
    private var process: Process?
    /// zkCli processes that hold ephemeral znodes; killed with the server.
    private var holders: [Process] = []

    /// Writes the configuration; `whitelist` nil keeps ZooKeeper's default (only `srvr`).
    init(whitelist: String?) throws {
        port = try Self.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-zk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        var config = """
            tickTime=2000
            dataDir=\(directory.appendingPathComponent("data").path)
            clientPort=\(port)
            clientPortAddress=127.0.0.1
            admin.enableServer=false

            """
        if let whitelist { config += "4lw.commands.whitelist=\(whitelist)\n" }
        try config.write(to: directory.appendingPathComponent("zoo.cfg"), atomically: true, encoding: .utf8)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts the server and waits until it serves: it accepts connections a little before that.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.java)
        process.arguments = [
            "-Xmx128m", "-Dzookeeper.log.dir=\(directory.path)", "-cp", Self.classpath,
            "org.apache.zookeeper.server.quorum.QuorumPeerMain", directory.appendingPathComponent("zoo.cfg").path,
        ]
        let log = FileManager.default.createFile(atPath: directory.appendingPathComponent("server.log").path, contents: nil)
        precondition(log)
        let handle = try FileHandle(forWritingTo: directory.appendingPathComponent("server.log"))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(30)
        while !Self.serves(port: port) {
            guard Date() < deadline, process.isRunning else {
                stop()
                throw TestServerError("ZooKeeper did not start on 127.0.0.1:\(port); see \(directory.path)/server.log")
            }
            usleep(100_000)
        }
    }

    /// Stops the server (SIGTERM, then SIGKILL) and every znode holder.
    func stop() {
        for holder in holders { Self.kill(holder) }
        holders.removeAll()
        if let process { Self.kill(process) }
        process = nil
        // The port is free again once nothing accepts on it.
        let deadline = Date().addingTimeInterval(10)
        while Self.accepts(port: port), Date() < deadline { usleep(100_000) }
    }

    /// Runs ZooKeeper's own CLI with `commands` and waits for it to finish.
    func runCLI(_ commands: [String]) throws {
        let process = try cli(commands, keepOpen: false)
        process.waitUntilExit()
    }

    /// Runs ZooKeeper's CLI with `commands` and keeps its session open, so the ephemeral znodes it
    /// creates stay, as a running Kafka broker's registration does.
    func holdSession(_ commands: [String]) throws {
        holders.append(try cli(commands, keepOpen: true))
    }

    private func cli(_ commands: [String], keepOpen: Bool) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.java)
        process.arguments = ["-Xmx64m", "-cp", Self.classpath, "org.apache.zookeeper.ZooKeeperMain", "-server", "127.0.0.1:\(port)"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data((commands.joined(separator: "\n") + "\n").utf8))
        if !keepOpen { try input.fileHandleForWriting.close() }
        return process
    }

    private static func kill(_ process: Process) {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        Glibc.kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning { Glibc.kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Whether `srvr` gets statistics back, rather than "not currently serving requests".
    private static func serves(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected, send(fd, "srvr", 4, 0) == 4 else { return false }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { break }
            answer += chunk[0..<count]
        }
        return String(decoding: answer, as: UTF8.self).hasPrefix("Zookeeper version")
    }

    /// A port the kernel just handed out for 127.0.0.1, released for the server to take.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError("no socket for a free port") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestServerError("cannot bind 127.0.0.1:0") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
