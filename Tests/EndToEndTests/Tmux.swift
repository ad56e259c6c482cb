import Foundation
import TestSupport

/// A private tmux server running one window, for driving the real binary as a person would.
final class Tmux {
    let socket: String
    let target = "e2e"
    private var serverPID: pid_t = 0

    /// Starts `command` (run by /bin/sh) in a new detached window of the given size.
    init(command: String, width: Int, height: Int, environment: [String: String] = [:]) throws {
        socket = "infratop-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        var exports = environment
        exports["LANG"] = exports["LANG"] ?? "C.UTF-8"
        exports["TERM"] = exports["TERM"] ?? "tmux-256color"
        let prefix = exports.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        try run(["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(width)", "-y", "\(height)", "env \(prefix) \(command)"])
        // Keep the window at the requested size whatever clients attach (none do).
        try run(["set-option", "-g", "window-size", "manual"])
        try run(["set-option", "-g", "remain-on-exit", "on"])
        serverPID = pid_t(try value("#{pid}")) ?? 0
    }

    deinit {
        _ = try? run(["kill-server"])
        // kill-server has been seen to leave the server process behind; end it by its PID.
        if serverPID > 0 { kill(serverPID, SIGKILL) }
    }

    /// Sends tmux key names (`q`, `Enter`, `C-c`, `Escape`, `BTab`) or literal text with `literal`.
    func send(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", target] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen, one string per row, trailing spaces removed.
    func capture() throws -> [String] {
        let output = try run(["capture-pane", "-p", "-t", target])
        var lines = output.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { line in
            var line = line
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", target, "-x", "\(width)", "-y", "\(height)"])
    }

    /// A tmux format value, e.g. `#{pane_pid}`, `#{cursor_flag}`, `#{alternate_on}`.
    func value(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", target, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until `predicate` holds; returns the last screen either way.
    @discardableResult
    func waitFor(timeout: TimeInterval = 20, _ predicate: ([String]) -> Bool) throws -> (matched: Bool, screen: [String]) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = try capture()
        while !predicate(screen) {
            if Date() > deadline { return (false, screen) }
            usleep(100_000)
            screen = try capture()
        }
        return (true, screen)
    }

    /// Waits until some row contains `text`.
    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 20) throws -> (matched: Bool, screen: [String]) {
        try waitFor(timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        try Subprocess.run(["/usr/bin/tmux", "-L", socket] + arguments).output
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// The built `infratop` binary beside the test bundle.
enum Binary {
    static var path: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        var candidates = [beside.appendingPathComponent("infratop").path]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/infratop").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// The repository root, for the themes folder and fixtures.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs the binary without a terminal and returns its exit status, stdout and stderr.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        for (key, value) in environment { env[key] = value }
        let result = try Subprocess.run([path] + arguments, environment: env)
        return (result.status, result.output, result.error)
    }
}
