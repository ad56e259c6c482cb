import Foundation
import TestSupport
import Testing

/// The lab with ZooKeeper and the Kafka mock beside the API stand-in and Redis.
enum KafkaLab {
    static var isAvailable: Bool {
        Lab.isAvailable && FileManager.default.fileExists(atPath: "/usr/share/java/zookeeper.jar")
            && FileManager.default.fileExists(atPath: "/usr/include/librdkafka/rdkafka_mock.h") && Subprocess.which("cc")
    }
}

/// A newcomer on a laptop: the real binary in tmux with only the lab's kubeconfig and config
/// file. Kafka, Redis and ZooKeeper's Service names do not resolve here, so infratop must reach
/// them through the API server's `pods/portforward` on its own.
@Suite(.serialized, .enabled(if: KafkaLab.isAvailable, "needs the lab with redis-server, Debian's zookeeper, librdkafka-dev and cc"))
struct ReachEndToEndTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-e2e-reach-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    func lab(_ arguments: [String]) throws -> Subprocess.Result { try Lab.run(arguments, home: home) }

    @Test func onlyTheKubeconfigShowsLiveRedisMemoryAndKafkaBrokers() throws {
        let up = try lab(["up", "--no-tick"])
        defer {
            _ = try? lab(["down"])
            try? FileManager.default.removeItem(at: home)
        }
        try #require(up.status == 0, "scripts/lab up failed: \(up.error)")
        let arguments = try lab(["args"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        // What a laptop user passes: the kubeconfig and a config file, no addresses.
        let options = arguments.split(separator: " ").filter { $0.hasPrefix("--") }
        #expect(options == ["--kubeconfig", "--config"], "\(arguments)")

        let tmux = try Lab.shell(home: home, width: 160, height: 45)
        try tmux.send("\(Binary.path) \(arguments); echo \"exit=$?\"", "Enter")

        let overview = try tmux.waitFor(timeout: 60) { screen in
            screen.contains { $0.contains(/mem \d+(\.\d+)?[KMG]i\/256Mi/) }
                && screen.contains { $0.contains("sts · via redis-0") } && screen.contains { $0.contains("via zookeeper-0") }
                && screen.contains { $0.contains("brokers 3 in metadata, 1 reachable") }
        }
        #expect(overview.matched, "no live Redis memory and Kafka brokers through tunnels:\n\(overview.screen.joined(separator: "\n"))")

        try tmux.send("3")
        let kafka = try tmux.waitFor(timeout: 30) { screen in
            screen.contains { $0.contains("live · via pod kafka-0") }
                && screen.contains { $0.contains(/1 kafka-0 +127\.0\.0\.1:\d+ +15 +15 reachable/) }
                && screen.contains { $0.contains(/2 kafka-1 +127\.0\.0\.1:\d+ +0 +15 pod kafka-1/) }
        }
        #expect(kafka.matched, "the Kafka view does not show the brokers through the tunnel:\n\(kafka.screen.joined(separator: "\n"))")
        try tmux.send("q")
        #expect(try tmux.waitFor(text: "exit=0").matched)
    }
}
