import Foundation
import InfraTopCore
import InfraTopUI
import Testing
import InfraTopBasics
import InfraTopKafka
import InfraTopRedis
import InfraTopZooKeeper
import InfraTopKubernetes

/// A recording made against the lab replays to the same screens: the lab's Kubernetes stand-in
/// and real redis-server through the real collectors, Kafka and ZooKeeper refused.
@MainActor
@Suite(.serialized, .enabled(if: KubeLab.isAvailable && RedisTestServer.isAvailable, "needs python3, openssl and redis-server for the lab"))
struct RecordReplayLabTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static func screens(_ snapshot: Snapshot) -> [ViewID: [String]] {
        var screens: [ViewID: [String]] = [:]
        for view in ViewID.allCases {
            var state = AppState()
            state.view = view
            let frame = Frame(snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), state: state, theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current)
            screens[view] = Screen.render(frame, width: 140, height: 45).canvas.lines
        }
        return screens
    }

    @Test func aRecordingOfTheLabReplaysToTheScreensShownLive() async throws {
        let lab = try KubeLab(ticking: true)
        defer { lab.stop() }
        let redisPassword = try String(contentsOfFile: "\(lab.directory)/redis-password", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let redisPort = try #require(Int(try String(contentsOfFile: "\(lab.directory)/redis/port", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let token = try String(contentsOfFile: "\(lab.directory)/token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)

        let kubernetes = KubernetesCollector(client: try lab.client("token"), configuration: .init(initialBackoff: 0.2, maximumBackoff: 1, watchTimeoutSeconds: 30))
        kubernetes.start()
        defer { Task { await kubernetes.stop(); await kubernetes.client.shutdown() } }
        let redis = RedisCollector(configuration: .init(endpoint: RedisEndpoint(host: "127.0.0.1", port: redisPort, password: redisPassword)))
        defer { redis.close() }
        let refused = Endpoint(host: "127.0.0.1", port: 1)
        let kafka = KafkaCollector(configuration: .init(bootstrap: [refused]))
        defer { kafka.close() }
        let zookeeper = ZooKeeperCollector(configuration: .init(endpoint: refused))
        defer { zookeeper.close() }

        var store = Store(notConnectedReasons: [:])
        store.historyCapacity = Store.historyCapacity(refreshInterval: 2)
        let collectors = Collectors(store: store)
        collectors.add(.kubernetes, interval: 3600, poll: { kubernetes.poll(completion: $0) }, record: { store, state, time in store.record(state, at: time) })
        collectors.add(.kafka, interval: 3600, poll: { kafka.poll(completion: $0) }, record: { store, sample, time in store.record(sample, at: time) })
        collectors.add(.zookeeper, interval: 3600, poll: { zookeeper.poll(completion: $0) }, record: { store, sample, time in store.record(sample, at: time) })
        collectors.add(.redis, interval: 3600, poll: { redis.poll(completion: $0) }, record: { store, sample, time in store.record(sample, at: time) })

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-lab-recording-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = try Recorder(path: path) { message in Issue.record("recorder: \(message)") }
        // As the dashboard does: on every store change, draw it and record it.
        var live: [[ViewID: [String]]] = []
        collectors.onChange = {
            let snapshot = collectors.store.snapshot(at: Date(), context: "lab-token", namespace: "e-commerce-saga", refreshInterval: 2)
            live.append(Self.screens(snapshot))
            recorder.append(snapshot)
        }
        // Refused sources are polled again until the round's deadline, so each round adds
        // several failures; the lab ticks, so Kubernetes changes between rounds.
        for timeout in [8.0, 2, 2, 2] {
            await collectors.collectOnce(timeout: timeout)
            try await Task.sleep(for: .milliseconds(700))
        }
        recorder.flush()

        let recording = try Recording(path: path)
        #expect(recording.problems.isEmpty, "\(recording.problems)")
        #expect(recording.count == live.count)
        #expect(live.count >= 16)
        var cursor = ReplayCursor(recording: recording)
        for index in live.indices {
            cursor.move(to: index)
            let replayed = Self.screens(try #require(cursor.snapshot))
            for view in ViewID.allCases {
                let expected = live[index][view] ?? []
                let actual = replayed[view] ?? []
                #expect(actual == expected, "snapshot \(index + 1), \(view):\n\(screenDifference(expected: expected, actual: actual))")
            }
        }
        // The screens compared hold the lab's data, Redis rates included.
        let last = try #require(live.last)
        let overview = (last[.overview] ?? []).joined(separator: "\n")
        #expect(overview.contains("kafka-1 Pending"), "\(overview)")
        let redisView = (last[.redis] ?? []).joined(separator: "\n")
        #expect(redisView.contains("policy allkeys-lru"), "\(redisView)")
        #expect(redisView.contains("evicted "), "\(redisView)")

        // Nothing secret reached the file: not the Redis password, not the bearer token.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(redisPassword))
        #expect(!text.contains(token))
    }
}

/// Both screens framed in `|` so trailing blanks show, with `>` on the rows that differ.
private func screenDifference(expected: [String], actual: [String]) -> String {
    var report = ""
    for row in 0..<max(expected.count, actual.count) {
        let wanted = row < expected.count ? expected[row] : "(none)"
        let got = row < actual.count ? actual[row] : "(none)"
        if wanted != got { report += "> \(row): expected |\(wanted)|\n> \(row):      got |\(got)|\n" }
    }
    return report
}
