import Foundation
import InfraTopCore
import TestSupport
import InfraTopKubernetes
#if canImport(Glibc)
import Glibc
#endif

/// The local lab's Kubernetes API stand-in, started by `scripts/lab up` in a private state
/// directory and stopped by `scripts/lab down`, the way people and CI run it.
///
/// `scripts/lab` leaves a daemon behind, so it runs under posix_spawn + waitpid with its output in
/// files (a daemon holding a pipe would keep a reader waiting), never Foundation's Process.
final class KubeLab: Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static var script: String { repository + "/scripts/lab" }
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: script) && Subprocess.which("python3") && Subprocess.which("openssl")
    }

    let directory: String
    let environment: [String: String]
    /// Whether this lab runs ZooKeeper and the Kafka mock too; most tests need neither,
    /// and ZooKeeper's JVM takes seconds to start.
    let withKafka: Bool

    /// Starts a lab frozen in time (`--no-tick`) unless `ticking`; `withKafka` adds ZooKeeper and the Kafka mock.
    init(ticking: Bool = false, withKafka: Bool = false, extraEnvironment: [String: String] = [:]) throws {
        self.withKafka = withKafka
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
        let options = (ticking ? [] : ["--no-tick"]) + (withKafka ? [] : ["--no-kafka"])
        let result = try Subprocess.run([Self.script, "up"] + options, environment: environment)
        guard result.status == 0 else { throw TestServerError("scripts/lab up failed (\(result.status)): \(result.error)") }
    }

    func down() {
        _ = try? Subprocess.run([Self.script, "down"], environment: environment)
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
        let result = try Subprocess.run([Self.script, "ctl", action], environment: environment)
        guard result.status == 0 else { throw TestServerError("scripts/lab ctl \(action) failed: \(result.error)") }
    }
}

/// Polls `condition` every 100 ms until it holds or `timeout` passes; returns whether it held.
/// The budget only tells an answer from a hang: with the whole suite running in parallel on two
/// cores a lab can take tens of seconds to answer, and a passing wait returns at once anyway.
func eventually(timeout: TimeInterval = 60, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = Date().addingTimeInterval(timeout)
    while Date() < end {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: 100_000_000)
    }
    return try await condition()
}
