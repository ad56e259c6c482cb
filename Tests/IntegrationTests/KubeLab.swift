import Foundation
import InfraTopCore
#if canImport(Glibc)
import Glibc
#endif

/// The local lab's Kubernetes API stand-in, started by `scripts/lab up` in a private state
/// directory and stopped by `scripts/lab down`, the way people and CI run it.
///
/// `scripts/lab` leaves a daemon behind, so it runs under posix_spawn + waitpid with its output in
/// files (a daemon holding a pipe would keep a reader waiting), never Foundation's Process.
final class KubeLab {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static var script: String { repository + "/scripts/lab" }
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: script) && KubeSubprocess.which("python3") && KubeSubprocess.which("openssl")
    }

    let directory: String
    let environment: [String: String]

    /// Starts a lab frozen in time (`--no-tick`) unless `ticking`.
    init(ticking: Bool = false, extraEnvironment: [String: String] = [:]) throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("infratop-kubelab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["INFRATOP_LAB_DIR"] = directory
        for (key, value) in extraEnvironment { env[key] = value }
        environment = env
        do {
            try up(ticking: ticking)
        } catch {
            stop()
            throw error
        }
    }

    func up(ticking: Bool = false) throws {
        let result = try KubeSubprocess.run([Self.script, "up"] + (ticking ? [] : ["--no-tick"]), environment: environment)
        guard result.status == 0 else { throw TestServerError("scripts/lab up failed (\(result.status)): \(result.error)") }
    }

    func down() {
        _ = try? KubeSubprocess.run([Self.script, "down"], environment: environment)
    }

    /// Stops the server and removes its directory (unless INFRATOP_LAB_KEEP is set).
    func stop() {
        down()
        if ProcessInfo.processInfo.environment["INFRATOP_LAB_KEEP"] == nil {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    func kubeconfig(_ mode: String) -> String { "\(directory)/\(mode).kubeconfig" }

    func access(_ mode: String) throws -> ClusterAccess {
        try KubeconfigLoader(explicitPath: kubeconfig(mode), environment: environment).load()
    }

    func client(_ mode: String, configuration: KubernetesClient.Configuration = .init(requestTimeout: 10, connectTimeout: 3)) throws -> KubernetesClient {
        try KubernetesClient(access: access(mode), configuration: configuration)
    }

    /// Posts to the control channel, e.g. `pods/kafka-1/run`, `watches/drop`, `history/compact`.
    func control(_ action: String) throws {
        let result = try KubeSubprocess.run([Self.script, "ctl", action], environment: environment)
        guard result.status == 0 else { throw TestServerError("scripts/lab ctl \(action) failed: \(result.error)") }
    }
}

/// Runs a program to completion with posix_spawn and waitpid, output to temporary files.
enum KubeSubprocess {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    static func which(_ program: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
        }
    }

    static func run(_ arguments: [String], environment: [String: String]) throws -> Result {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("infratop-kube-\(UUID().uuidString)")
        let outPath = base + ".out", errPath = base + ".err"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        guard posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp) == 0 else {
            throw TestServerError("cannot run \(arguments[0])")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let signal = status & 0x7F
        return Result(status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
                      output: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      error: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}

/// Polls `condition` every 100 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: TimeInterval = 15, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = Date().addingTimeInterval(timeout)
    while Date() < end {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: 100_000_000)
    }
    return try await condition()
}
