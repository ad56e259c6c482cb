import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with posix_spawn and waitpid; shared by the test targets.
///
/// Foundation's Process missed the exit of tmux clients here (they stayed zombies and
/// waitUntilExit never returned), and a daemon that inherits a pipe keeps a reader waiting for
/// EOF; output therefore goes to temporary files and the exit is reaped directly.
package enum Subprocess {
    package struct Result: Sendable {
        package var status: Int32
        package var output: String
        package var error: String
    }

    /// Whether `program` is on the PATH.
    package static func which(_ program: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
        }
    }

    /// Starts `arguments` with stdin from /dev/null and stdout and stderr into the two files.
    static func spawn(_ arguments: [String], environment: [String: String]?, output: String, error: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        guard posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp) == 0 else {
            throw CocoaError(.executableNotLoadable, userInfo: [NSFilePathErrorKey: arguments[0]])
        }
        return pid
    }

    package static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let directory = FileManager.default.temporaryDirectory
        let outPath = directory.appendingPathComponent("infratop-sub-\(UUID().uuidString).out").path
        let errPath = directory.appendingPathComponent("infratop-sub-\(UUID().uuidString).err").path
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let pid = try spawn(arguments, environment: environment, output: outPath, error: errPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let signal = status & 0x7F
        let exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let error = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: exitStatus, output: output, error: error)
    }
}

extension Subprocess {
    /// A program left running: its output goes to files, it ends by signal, and it is reaped
    /// when it exits or when the test drops it.
    package final class Background: @unchecked Sendable {
        package let pid: pid_t
        private let outPath: String
        private let errPath: String
        private var exitStatus: Int32?

        package init(_ arguments: [String], environment: [String: String]? = nil) throws {
            let directory = FileManager.default.temporaryDirectory
            outPath = directory.appendingPathComponent("infratop-bg-\(UUID().uuidString).out").path
            errPath = directory.appendingPathComponent("infratop-bg-\(UUID().uuidString).err").path
            let pid = try Subprocess.spawn(arguments, environment: environment, output: outPath, error: errPath)
            self.pid = pid
        }

        deinit {
            if exitStatus == nil {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            }
            unlink(outPath)
            unlink(errPath)
        }

        package var output: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
        package var error: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

        /// Its exit status once it has exited (128 + signal when a signal ended it), else nil.
        package func exited() -> Int32? {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
            let signal = status & 0x7F
            exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
            return exitStatus
        }

        /// Sends `signal` and waits up to `timeout` seconds for the exit; nil if it is still running.
        package func stop(signal: Int32 = SIGTERM, timeout: TimeInterval) -> Int32? {
            kill(pid, signal)
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let status = exited() { return status }
                usleep(20_000)
            }
            return exited()
        }

        /// Waits up to `timeout` seconds for `condition` over its standard error to hold.
        package func waitForError(timeout: TimeInterval, until condition: (String) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if condition(error) { return true }
                if exited() != nil { return condition(error) }
                usleep(50_000)
            }
            return condition(error)
        }
    }

    /// A TCP port on loopback nobody listens on right now.
    package static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw CocoaError(.fileWriteUnknown) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A plain HTTP/1.1 GET over a socket, for tests that check what a server answers.
package enum HTTPGet {
    package struct Response: Sendable {
        package var status: Int
        package var headers: [String: String]
        package var body: String
    }

    /// GETs `path` from `host`:`port`; throws when it cannot connect or the reply is not HTTP.
    package static func fetch(host: String = "127.0.0.1", port: Int, path: String, method: String = "GET", timeout: Int = 10) throws -> Response {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw CocoaError(.fileReadUnknown) }
        defer { close(socket) }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "cannot connect to \(host):\(port)"]) }
        let request = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw CocoaError(.fileReadCorruptFile) }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = head.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw CocoaError(.fileReadCorruptFile) }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = String(text[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunked(body) }
        return Response(status: status, headers: headers, body: body)
    }

    /// The body of a chunked reply: each chunk's hex size line, then that many bytes.
    private static func dechunked(_ text: String) -> String {
        var bytes = Array(text.utf8)[...]
        var body: [UInt8] = []
        while let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\r")) {
            let sizeText = String(decoding: bytes[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            guard start + size <= bytes.endIndex else { break }
            body += bytes[start..<(start + size)]
            bytes = bytes[min(start + size + 2, bytes.endIndex)...]
        }
        return String(decoding: body, as: UTF8.self)
    }
}
