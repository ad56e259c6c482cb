import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs an exec credential plugin to completion and returns its standard output.
///
/// Blocking by nature (it waits for a child process), so callers run it on a thread pool, never on
/// an event loop. It uses posix_spawn and polls pipes rather than Foundation's Process: a plugin
/// that leaves a daemon behind holding the pipe must not keep us waiting for an end of file, and
/// `waitUntilExit` has hung here. Past the timeout the plugin is killed.
package enum ExecPluginRunner {
    /// Output past this is a broken plugin; a credential is a few kilobytes.
    static let maximumOutputBytes = 1 << 20

    package static func run(_ plugin: ExecPluginConfig, execInfo: String, timeout: TimeInterval,
                            baseEnvironment: [String: String] = ProcessInfo.processInfo.environment) throws(ExecPluginError) -> [UInt8] {
        if plugin.interactiveMode == .always {
            // The dashboard owns the terminal; a plugin that must prompt cannot share it.
            throw ExecPluginError("The exec plugin \(plugin.command) needs an interactive terminal (interactiveMode: Always); run a kubectl command once to log in, then start infratop")
        }
        var environment = baseEnvironment
        for pair in plugin.env { environment[pair.name] = pair.value }
        environment["KUBERNETES_EXEC_INFO"] = execInfo

        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw ExecPluginError("Cannot run the exec plugin \(plugin.command): no pipe available") }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw ExecPluginError("Cannot run the exec plugin \(plugin.command): no pipe available")
        }
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer { close(outPipe[0]); close(errPipe[0]) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        let argv = ([plugin.command] + plugin.args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, plugin.command, &actions, nil, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            let hint = plugin.installHint.map { " \($0.trimmingCharacters(in: .whitespacesAndNewlines))" } ?? ""
            let reason = spawned == ENOENT ? "was not found" : "could not be started (\(String(cString: strerror(spawned))))"
            throw ExecPluginError("The exec plugin \(plugin.command) \(reason).\(hint)")
        }

        var output: [UInt8] = []
        var errors: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var exited = false
        while !exited {
            if Date() >= deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                throw ExecPluginError("The exec plugin \(plugin.command) did not finish within \(Int(timeout)) s and was stopped")
            }
            var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0), pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 2, 100)
            drain(outPipe[0], into: &output)
            drain(errPipe[0], into: &errors)
            if output.count > maximumOutputBytes {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                throw ExecPluginError("The exec plugin \(plugin.command) printed more than \(maximumOutputBytes / 1024) KiB")
            }
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                exited = true
            } else if reaped < 0, errno != EINTR {
                exited = true
            }
        }
        // What the plugin wrote just before it exited is still in the pipe.
        drain(outPipe[0], into: &output, untilEmpty: true)
        drain(errPipe[0], into: &errors, untilEmpty: true)

        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        guard code == 0 else {
            let detail = lastLine(of: errors).map { ": \($0)" } ?? ""
            throw ExecPluginError("The exec plugin \(plugin.command) exited with status \(code)\(detail)")
        }
        return output
    }

    /// Reads what is available without blocking: one chunk, or all of it when the writer is gone.
    private static func drain(_ fd: Int32, into buffer: inout [UInt8], untilEmpty: Bool = false) {
        var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        repeat {
            guard poll(&pollFD, 1, 0) > 0 else { return }
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { return }
            if buffer.count <= maximumOutputBytes { buffer += chunk[0..<count] }
        } while untilEmpty
    }

    /// The last non-empty line of the plugin's standard error, shortened: what it says went wrong.
    private static func lastLine(of bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).last?.trimmingCharacters(in: .whitespaces), !line.isEmpty else { return nil }
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
