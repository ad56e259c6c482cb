import Foundation
import Testing
import TestSupport
import InfraTopKubernetes

/// The local lab as a newcomer meets it: `scripts/lab up`, then the built `infratop` with
/// `scripts/lab args`: only the kubeconfig and the lab's config file (the Redis password file,
/// `kafka.firstBrokerId: 1` and `kafka.groups`), so Kafka, Redis and ZooKeeper are reached
/// through the API stand-in's port-forward. The Kafka view must show the mock's three
/// brokers with only kafka-0's reachable, kafka-0 registered in ZooKeeper, the saga topics,
/// the groups' lag, and ZooKeeper standalone.
@Suite(.serialized) struct KafkaLabTests {
    static var isAvailable: Bool {
        KubeLab.isAvailable && FileManager.default.fileExists(atPath: "/usr/share/java/zookeeper.jar")
            && FileManager.default.fileExists(atPath: "/usr/include/librdkafka/rdkafka_mock.h") && Subprocess.which("cc")
    }

    /// The binary `swift build --build-tests` (as scripts/test runs it) puts beside the tests.
    static var binary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().appendingPathComponent("infratop").path
        let built = KubeLab.repository + "/.build/debug/infratop"
        return [beside, built].first { FileManager.default.isExecutableFile(atPath: $0) } ?? built
    }

    /// Runs `infratop snapshot` against the lab; ports, which change every run, read PORT.
    static func snapshot(_ lab: KubeLab, _ options: [String]) throws -> String {
        let args = try Subprocess.run([KubeLab.script, "args"], environment: lab.environment)
        guard args.status == 0 else { throw TestServerError("scripts/lab args failed: \(args.error)") }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestServerError("\(binary) is missing: build it first (swift build --build-tests)")
        }
        var environment = lab.environment
        environment["LANG"] = "C.UTF-8"
        for name in ["NO_COLOR", "INFRATOP_THEME", "KUBECONFIG"] { environment.removeValue(forKey: name) }
        let arguments = args.output.split(whereSeparator: \.isWhitespace).map(String.init)
        let result = try Subprocess.run([binary, "snapshot"] + arguments + options, environment: environment)
        guard result.status == 0 else { throw TestServerError("infratop snapshot failed (\(result.status)): \(result.error)") }
        return result.output.replacingOccurrences(of: #"127\.0\.0\.1:[0-9]+"#, with: "127.0.0.1:PORT", options: .regularExpression)
    }

    /// A screen's lines split into the panels drawn side by side, each without its border
    /// and trailing blanks.
    static func cells(_ screen: String) -> [String] {
        screen.split(separator: "\n").flatMap { line in
            line.components(separatedBy: "││").map { cell in
                var cell = cell
                while let last = cell.last, last == "│" || last == " " { cell.removeLast() }
                while let first = cell.first, first == "│" { cell.removeFirst() }
                return cell
            }
        }
    }

    /// Runs blocking work (the lab's `up` waits seconds for ZooKeeper's JVM) on a Dispatch thread,
    /// not on one of Swift concurrency's few cooperative threads, which other tests' async work needs.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    @Test(.enabled(if: isAvailable, "needs python3, openssl, Debian's zookeeper, librdkafka-dev and cc"))
    func theKafkaViewShowsTheLabsBrokersTopicsGroupsAndZooKeeper() async throws {
        let (screen, json) = try await Self.offThePool {
            let lab = try KubeLab(withKafka: true)
            defer { lab.stop() }
            return (
                try Self.snapshot(lab, ["--format", "text", "--view", "kafka", "--width", "140", "--height", "45"]),
                try Self.snapshot(lab, ["--format", "json"])
            )
        }
        let cells = Self.cells(screen)
        let nbsp = "\u{00A0}"
        let expected = [
            // Three brokers in the mock's metadata, kafka-0's the only one answering and the only one in ZooKeeper.
            " expected\(nbsp)3  pods\(nbsp)ready\(nbsp)1  in\(nbsp)ZooKeeper\(nbsp)1  in\(nbsp)metadata\(nbsp)3",
            " reachable\(nbsp)1",
            // kafka.firstBrokerId 1: broker 1 runs in kafka-0, brokers 2 and 3 would run in kafka-1 and kafka-2.
            "     1 kafka-0     127.0.0.1:PORT         15       15 reachable",
            // Reached through the API server: kafka-1 is Pending, kafka-2 was never created.
            // (the whole reason is in the finding's evidence, checked below).
            "     2 kafka-1     127.0.0.1:PORT          0       15 pod kafka-1…",
            "     3 kafka-2     127.0.0.1:PORT          0       15 no pod or S…",
            " partitions 15  offline 0",
            " under-replicated 0  at min ISR 0",
            " leader skew 3.00",
            " TOPIC                                                        PARTITIONS  RF   URP UNDER-MIN-ISR      MSG/S",
            " inventory                                                             3   3     0             0          –",
            " notifications                                                         3   3     0             0          –",
            " orders                                                                3   3     0             0          –",
            " payments                                                              3   3     0             0          –",
            " shipping                                                              3   3     0             0          –",
            " brokers registered 1  assigned but absent 2, 3",
            " controller broker 1  topics 5",
        ]
        for line in expected {
            #expect(cells.contains(line), "missing \"\(line)\" in:\n\(screen)")
        }
        // Groups named by kafka.groups (the Debian mock has no ListGroups, so members are unknown,
        // –); each tied to its service by name (≈); lag = produced − committed, then how long ago
        // the oldest unconsumed record was written (Fetch of the committed batch's header), once
        // read (every few polls; KafkaCommitTimeTests and the mock tests check the figure).
        // (The Overview-width panel cuts the names: the first letters are matched.)
        let groups = [
            #"^ invento\S* +– +– +≈invento\S* +orders +180( ≈\d+[smh]\S*)?$"#,
            #"^ notific\S* +– +– +≈notific\S* +notific\S* +577( ≈\d+[smh]\S*)?$"#,
            #"^ payment\S* +– +– +≈payment\S* +orders +5( ≈\d+[smh]\S*)?$"#,
            #"^ saga-co\S* +– +– +≈saga-co\S* +orders +0$"#,
            #"^ shippin\S* +– +– +≈shippin\S* +payments +0$"#,
        ]
        for row in groups {
            #expect(cells.contains { $0.range(of: row, options: .regularExpression) != nil }, "no row like \(row) in:\n\(screen)")
        }
        #expect(cells.contains { $0.hasPrefix(" mode standalone  version ") }, "ZooKeeper's mode is missing in:\n\(screen)")

        // The headline finding cross-checks ZooKeeper and metadata against the StatefulSet.
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let findings = decoded?["findings"] as? [[String: Any]] ?? []
        let brokers = try #require(findings.first { $0["rule"] as? String == "kafka-brokers-missing" })
        let evidence = brokers["evidence"] as? [String] ?? []
        #expect(evidence.prefix(3) == ["StatefulSet kafka: desired 3, ready 1", "ZooKeeper lists broker 1 (kafka-0)", "metadata lists 3 of 3 brokers"])

        // Only the kubeconfig was given: every source is live, each through its pod's tunnel.
        let sources = decoded?["sources"] as? [String: [String: Any]] ?? [:]
        for source in ["kubernetes", "kafka", "zookeeper", "redis"] {
            #expect(sources[source]?["state"] as? String == "live", "\(source): \(sources[source] ?? [:])")
        }
        #expect(sources["kafka"]?["reach"] as? [String: String] == ["via": "pod", "pod": "kafka-0"])
        #expect(sources["redis"]?["reach"] as? [String: String] == ["via": "pod", "pod": "redis-0"])
        #expect(sources["zookeeper"]?["reach"] as? [String: String] == ["via": "pod", "pod": "zookeeper-0"])
        let unreachable = try #require(findings.first { $0["rule"] as? String == "kafka-broker-unreachable" })
        let reasons = unreachable["evidence"] as? [String] ?? []
        #expect(reasons.first?.hasPrefix("broker 2 at kafka-1:") == true, "\(reasons)")
        #expect(reasons.first?.contains(": pod kafka-1 is Pending (0/3 nodes are available: 3 Insufficient memory.") == true, "\(reasons)")
    }
}
