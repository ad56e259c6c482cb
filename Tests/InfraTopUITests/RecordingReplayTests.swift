import Foundation
import InfraTopCore
import Testing
@testable import InfraTopUI
import InfraTopBasics
import InfraTopZooKeeper
import InfraTopKubernetes

/// `--record` and `infratop replay`: every recorded line replays to the screens shown live.
@Suite struct RecordingReplayTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static let start = ScreenTests.now.addingTimeInterval(-20)

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    /// The namespace of e-commerce-saga's failure: kafka-0 runs, kafka-1 cannot be scheduled.
    static func kubernetes(at time: Date, env: [EnvVar] = []) throws -> KubernetesState {
        let kafka = try decode(StatefulSet.self, #"""
        {"metadata": {"name": "kafka", "namespace": "e-commerce-saga", "creationTimestamp": "2026-11-25T09:45:00Z"},
         "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "kafka"}}, "podManagementPolicy": "OrderedReady"},
         "status": {"replicas": 2, "readyReplicas": 1, "currentReplicas": 2, "updatedReplicas": 2, "availableReplicas": 1}}
        """#)
        let owner = #"[{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "kafka", "uid": "u1", "controller": true}]"#
        let kafka0 = try decode(Pod.self, #"""
        {"metadata": {"name": "kafka-0", "namespace": "e-commerce-saga", "creationTimestamp": "2026-11-25T09:45:00Z", "labels": {"app": "kafka"}, "ownerReferences": \#(owner)},
         "spec": {"nodeName": "node-1", "containers": [{"name": "kafka", "image": "confluentinc/cp-kafka:7.6.0"}]},
         "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
                    "containerStatuses": [{"name": "kafka", "ready": true, "restartCount": 0, "image": "cp-kafka", "imageID": "", "started": true, "state": {"running": {"startedAt": "2026-11-25T09:45:10Z"}}}]}}
        """#)
        var kafka1 = try decode(Pod.self, #"""
        {"metadata": {"name": "kafka-1", "namespace": "e-commerce-saga", "creationTimestamp": "2026-11-25T09:46:00Z", "labels": {"app": "kafka"}, "ownerReferences": \#(owner)},
         "spec": {"containers": [{"name": "kafka", "image": "confluentinc/cp-kafka:7.6.0"}]},
         "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "lastTransitionTime": "2026-11-25T09:46:00Z", "reason": "Unschedulable", "message": "0/3 nodes are available: 3 Insufficient memory."}]}}
        """#)
        kafka1.spec.containers[0].env = env
        let event = try decode(Event.self, #"""
        {"metadata": {"name": "kafka-1.17f3", "namespace": "e-commerce-saga"},
         "involvedObject": {"kind": "Pod", "namespace": "e-commerce-saga", "name": "kafka-1"},
         "reason": "FailedScheduling", "message": "0/3 nodes are available: 3 Insufficient memory.", "type": "Warning",
         "eventTime": "2026-11-25T09:46:00.120000Z", "reportingComponent": "default-scheduler"}
        """#)
        return KubernetesState(
            takenAt: time, context: "lab", namespace: "e-commerce-saga", pods: [kafka0, kafka1],
            statefulSets: [kafka], events: [event], resourceVersions: ["pods": "42"], lastEventAt: time.addingTimeInterval(-1)
        )
    }

    static func zookeeper(at time: Date) -> ZooKeeperSample {
        let broker = KafkaBrokerRegistration(
            id: 0, endpoints: ["PLAINTEXT://kafka-client:9092"], host: "kafka-client", port: 9092,
            registeredAt: start, version: 5, sessionID: 7, createdAt: start
        )
        let stats = ZooKeeperServerStats(
            version: "3.8.0", minimumLatency: 0, averageLatency: 0.4, maximumLatency: 12, packetsReceived: 120, packetsSent: 119,
            connections: 4, outstandingRequests: 0, zxid: 0x1_0000_002A, mode: .standalone, nodeCount: 31
        )
        return ZooKeeperSample(
            endpoint: Endpoint(host: "zookeeper", port: 2181), takenAt: time, duration: 0.0123,
            server: stats, monitor: ZooKeeperMonitorValues(entries: [.init(key: "zk_ephemerals_count", value: "3")]),
            kafka: KafkaRegistrations(brokers: [broker], controller: KafkaControllerRegistration(brokerID: 0, electedAt: start, sessionID: 7), topics: []),
            isReadOnly: false, sessionID: 99, notes: ["mntr is not allowed"]
        )
    }

    /// A run of polls as the collectors deliver them: every source, a Redis failure between
    /// two good samples, Kafka twice for rates. Returns the recording and each snapshot as live.
    static func liveRun() throws -> (data: Data, live: [Snapshot]) {
        var store = Store(notConnectedReasons: [:])
        store.historyCapacity = 1800
        for source in SourceID.allCases { store.start(source, at: start) }
        var live: [Snapshot] = []
        var data = Data()
        func changed(_ seconds: TimeInterval) throws {
            let snapshot = store.snapshot(at: start.addingTimeInterval(seconds), context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
            live.append(snapshot)
            data.append(try RecordingLine(run: "run-1", snapshot: snapshot).encoded())
        }
        func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }
        store.record(try kubernetes(at: at(0.25)), at: at(0.3)); try changed(0.3)
        store.record(KafkaViewTests.sample(at: at(0.4), highWatermark: 80), at: at(0.5)); try changed(0.5)
        store.record(RedisViewTests.sample(at: at(0.6), used: 250_000_000, evicted: 1000, hits: 900, misses: 100, commands: 10_000), at: at(0.7)); try changed(0.7)
        store.record(zookeeper(at: at(0.8)), at: at(0.9)); try changed(0.9)
        store.recordFailure(.redis, error: CollectorError("connection refused by redis:6379 — is Redis running?"), at: at(2.7)); try changed(2.7)
        store.record(KafkaViewTests.sample(at: at(2.4), highWatermark: 100), at: at(2.5)); try changed(3.2)
        store.record(RedisViewTests.sample(at: at(4.6), used: 252_000_000, evicted: 1600, hits: 1800, misses: 200, commands: 12_000), at: at(4.7)); try changed(4.7)
        store.record(try kubernetes(at: at(4.8)), at: at(4.9)); try changed(15.9)
        return (data, live)
    }

    static func screen(_ snapshot: Snapshot, view: ViewID) -> [String] {
        var state = AppState()
        state.view = view
        let frame = Frame(
            snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), state: state,
            theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current
        )
        return Screen.render(frame, width: 120, height: 40).canvas.lines
    }

    @Test func everyRecordedLineReplaysToTheScreensShownLive() throws {
        let (data, live) = try Self.liveRun()
        let recording = Recording(data: data)
        #expect(recording.problems.isEmpty)
        #expect(recording.count == live.count)
        var cursor = ReplayCursor(recording: recording)
        for (index, shown) in live.enumerated() {
            cursor.move(to: index)
            let replayed = try #require(cursor.snapshot)
            for view in ViewID.allCases {
                let expected = Self.screen(shown, view: view)
                let actual = Self.screen(replayed, view: view)
                #expect(actual == expected, "line \(index + 1), \(view): \(screenDifference(expected: expected, actual: actual))")
            }
        }
        // The screens are worth comparing: the last one shows every source with rates.
        let redis = Self.screen(live[6], view: .redis).joined(separator: "\n")
        #expect(redis.contains("evicted 150/s"), "\(redis)")
        #expect(Self.screen(live[4], view: .overview).joined().contains("redis ✗"))
    }

    @Test func aLineDecodesToTheSourcesDataExactly() throws {
        let (data, live) = try Self.liveRun()
        let recording = Recording(data: data)
        let last = try recording.line(at: recording.count - 1)
        #expect(last.version == RecordingLine.currentVersion)
        #expect(last.run == "run-1")
        let decoded = last.snapshot
        let original = try #require(live.last)
        #expect(decoded.takenAt == original.takenAt)
        #expect(decoded.sources == original.sources)
        #expect(decoded.kubernetes == original.kubernetes)
        #expect(decoded.kafka == original.kafka)
        #expect(decoded.kafka?.previous != nil)
        #expect(decoded.zookeeper == original.zookeeper)
        #expect(decoded.redis?.sample == original.redis?.sample)
    }

    @Test func movingBackRebuildsTheSameStateAsMovingForward() throws {
        let (data, live) = try Self.liveRun()
        var cursor = ReplayCursor(recording: Recording(data: data), checkpointInterval: 3)
        cursor.move(to: live.count - 1)
        for index in stride(from: live.count - 1, through: 0, by: -1) {
            cursor.move(to: index)
            #expect(cursor.position == index)
            let replayed = try #require(cursor.snapshot)
            #expect(Self.screen(replayed, view: .redis) == Self.screen(live[index], view: .redis), "line \(index + 1)")
            #expect(Self.screen(replayed, view: .kafka) == Self.screen(live[index], view: .kafka), "line \(index + 1)")
        }
    }

    @Test func checkpointsSavedWhileOpeningAFileGiveTheSameScreensInAnyOrder() throws {
        let (data, live) = try Self.liveRun()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-recording-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try data.write(to: URL(fileURLWithPath: path))
        var cursor = try ReplayCursor(path: path, checkpointInterval: 3)
        #expect(cursor.count == live.count)
        for index in [7, 0, 5, 2, 6, 1, 3, 4, 4, 8] {
            cursor.move(to: index)
            let shown = live[min(index, live.count - 1)]
            let replayed = try #require(cursor.snapshot)
            for view in [ViewID.overview, .kafka, .redis] {
                #expect(Self.screen(replayed, view: view) == Self.screen(shown, view: view), "line \(index + 1), \(view)")
            }
        }
    }

    @Test func aBadLineIsReportedWithItsNumberAndSkipped() throws {
        let (data, live) = try Self.liveRun()
        let lines = data.split(separator: UInt8(ascii: "\n"))
        var file = Data(lines[0] + [UInt8(ascii: "\n")])
        file.append(Data("not json at all\n".utf8))
        file.append(Data((#"{"version": 99, "run": "later", "snapshot": {}}"# + "\n").utf8))
        file.append(Data(lines[1].prefix(lines[1].count / 2)) + Data("\n".utf8))
        file.append(Data((#"{"version": 1, "run": "r", "snapshot": {"takenAt": 0}}"# + "\n").utf8))
        for line in lines.dropFirst() { file.append(Data(line) + Data("\n".utf8)) }
        let recording = Recording(data: file)
        #expect(recording.count == live.count)
        #expect(recording.problems.map(\.lineNumber) == [2, 3, 4, 5])
        #expect(recording.problems[0].description.hasPrefix("line 2: not JSON"))
        #expect(recording.problems[1].description == "line 3: format version 99 is newer than this infratop reads (1); replay it with a newer infratop")
        #expect(recording.problems[3].description == "line 5: missing snapshot.context")
        var cursor = ReplayCursor(recording: recording)
        cursor.move(to: live.count - 1)
        #expect(Self.screen(try #require(cursor.snapshot), view: .overview) == Self.screen(live[live.count - 1], view: .overview))
    }

    @Test func aSecondRunInTheSameFileStartsFromAnEmptyStore() throws {
        let (data, live) = try Self.liveRun()
        // The same polls appended again by a later run: its first Redis sample has no rate yet.
        let second = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"run-1\"", with: "\"run-2\"")
        var cursor = ReplayCursor(recording: Recording(data: data + Data(second.utf8)))
        cursor.move(to: live.count + 2)
        #expect(Self.screen(try #require(cursor.snapshot), view: .redis) == Self.screen(live[2], view: .redis))
        cursor.move(to: live.count * 2 - 1)
        #expect(Self.screen(try #require(cursor.snapshot), view: .redis) == Self.screen(live[live.count - 1], view: .redis))
    }

    @Test func secretsInPodSpecsStayOutOfTheFile() throws {
        let password = "hunter2-\(UUID().uuidString)"
        let env = [
            EnvVar(name: "REDIS_PASSWORD", value: password),
            EnvVar(name: "REDIS_URL", value: "redis://:\(password)@redis:6379/0"),
            EnvVar(name: "KAFKA_BOOTSTRAP_SERVERS", value: "kafka-client:9092"),
        ]
        var store = Store(notConnectedReasons: [:])
        store.record(try Self.kubernetes(at: Self.start, env: env), at: Self.start)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-recording-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = try Recorder(path: path) { _ in }
        recorder.append(store.snapshot(at: Self.start, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2))
        recorder.flush()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(password))
        #expect(!text.contains("hunter2"))
        let pod = try #require(try Recording(path: path).line(at: 0).snapshot.kubernetes?.pod(named: "kafka-1"))
        #expect(pod.spec.containers[0].env.map { $0.value ?? "" } == ["(redacted)", "redis://:(redacted)@redis:6379/0", "kafka-client:9092"])
    }

    @Test func recordingAppendsAndAFailedFileIsAnErrorNotACrash() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-recording-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (_, live) = try Self.liveRun()
        for run in ["a", "b"] {
            let recorder = try Recorder(path: path, run: run) { _ in }
            for snapshot in live.prefix(2) { recorder.append(snapshot) }
            recorder.flush()
        }
        let recording = try Recording(path: path)
        #expect(recording.entries.map(\.run) == ["a", "a", "b", "b"])
        #expect(throws: RecordingError("cannot record to /nonexistent-dir/r.jsonl: No such file or directory")) {
            try Recorder(path: "/nonexistent-dir/r.jsonl") { _ in }
        }
        #expect(throws: RecordingError("cannot read the recording /nonexistent-dir/r.jsonl: No such file or directory")) {
            try Recording(path: "/nonexistent-dir/r.jsonl")
        }
    }

    @Test func aWriteErrorIsReportedOnceAndRecordingStops() throws {
        // /dev/full accepts the open and fails every write with ENOSPC, as a full disk does.
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let messages = MessageLog()
        let recorder = try Recorder(path: "/dev/full") { messages.append($0) }
        let (_, live) = try Self.liveRun()
        for snapshot in live { recorder.append(snapshot) }
        recorder.flush()
        #expect(messages.all == ["recording stopped: cannot write /dev/full: No space left on device"])
    }
}

final class MessageLog: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func append(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
}
