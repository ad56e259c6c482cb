import Foundation
import InfraTopBasics
import InfraTopCore
import InfraTopFixtures
import InfraTopKafka
import TestSupport
import Testing
@testable import InfraTopUI

/// ISR shrinks and expands from successive metadata (the mocks cannot shrink an ISR, so these are
/// decoded samples in sequence), joined to what Kubernetes saw of the broker pods.
@MainActor
@Suite struct ISRChurnTests {
    init() { _ = TerminalLocale.activateUTF8ForTesting() }

    static let start = Cluster.labStart
    static let client = Endpoint(host: "kafka-client", port: 9092)

    /// orders with three partitions, every ISR as given, the brokers named by their pods.
    static func kafka(at time: Date, isr: [Int32]) -> KafkaSample {
        let partitions = (0..<3).map { index in
            KafkaSample.Partition(index: Int32(index), leader: 0, replicas: [0, 1, 2], isr: isr, highWatermark: 100, lowWatermark: 0)
        }
        let brokers = (0..<3).map { id in
            KafkaSample.Broker(id: Int32(id), advertised: client, address: client, isController: id == 0, pod: "kafka-\(id)")
        }
        return KafkaSample(takenAt: time, metadataFrom: client, controllerID: 0, brokers: brokers,
                           topics: [KafkaSample.Topic(name: "orders", partitions: partitions, configs: ["min.insync.replicas": "2"])])
    }

    func assessed(_ store: Store, at time: Date) -> (Snapshot, Assessment) {
        let snapshot = store.snapshot(at: time, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        return (snapshot, Assessment(snapshot: snapshot, diagnosis: Diagnosis()))
    }

    @Test func diffsSuccessiveMetadata() {
        let before = Self.kafka(at: Self.start, isr: [0, 1, 2])
        var after = Self.kafka(at: Self.start.addingTimeInterval(2), isr: [0, 2])
        after.topics[0].partitions[2].isr = [0, 1, 2]
        after.topics[0].partitions[1].isr = [0, 2, 1]
        let (shrinks, expands) = KafkaHealth.isrChanges(from: before, to: after)
        #expect(shrinks.map(\.partition.description) == ["orders-0"])
        #expect(shrinks.map(\.left) == [[1]])
        #expect(expands.isEmpty)
        // Back again: orders-0 expands; orders-1's reordered ISR is the same set, no change.
        let (back, regrown) = KafkaHealth.isrChanges(from: after, to: before)
        #expect(back.isEmpty)
        #expect(regrown.map(\.partition.description) == ["orders-0"])
        let (_, rejoined) = KafkaHealth.isrChanges(from: after, to: Self.kafka(at: Self.start.addingTimeInterval(4), isr: [0, 1, 2]))
        #expect(rejoined.map(\.partition.description) == ["orders-0"] && rejoined.map(\.joined) == [[1]])
    }

    @Test func aBrokerPodTurningUnreadyThenItsShrinksAreOneStory() throws {
        var store = Store(notConnectedReasons: [:])
        let running = try Cluster.eCommerceSaga().withKafka1Running()
        store.record(running, at: Self.start)
        store.record(Self.kafka(at: Self.start, isr: [0, 1, 2]), at: Self.start)
        store.record(try running.withCrashLoop(pod: "kafka-1", reason: "OOMKilled", exitCode: 137), at: Self.start.addingTimeInterval(10))
        store.record(Self.kafka(at: Self.start.addingTimeInterval(12), isr: [0, 2]), at: Self.start.addingTimeInterval(12))
        let now = Self.start.addingTimeInterval(14)
        let (snapshot, assessment) = assessed(store, at: now)
        let churn = try #require(assessment.isrChurn)
        #expect(churn.shrinksLastMinute == 3 && churn.expandsLastMinute == 0)
        let event = try #require(churn.events.last)
        #expect(event.left.map(\.id) == [1] && event.left.map(\.pod) == ["kafka-1"])
        #expect(event.podChanges.map(\.pod) == ["kafka-1"])
        #expect(event.podChanges.first?.isReady == false)
        // Explained by the pod: not flapping.
        #expect(!assessment.findings.contains { $0.rule == "kafka-isr-flapping" })

        var state = AppState()
        state.view = .kafka
        let frame = Frame(snapshot: snapshot, assessment: assessment, components: Component.eCommerceSaga, state: state, theme: .default,
                          timeZone: TimeZone(identifier: "UTC") ?? .current)
        let lines = Screen.render(frame, width: 140, height: 50).canvas.lines
        let clock = { (offset: TimeInterval) in StatusLine.clock(Self.start.addingTimeInterval(offset), in: TimeZone(identifier: "UTC") ?? .current) }
        let status = try #require(event.podChanges.first?.status)
        #expect(lines.contains { $0.contains("ISR last 1m 3 shrank, 0 expanded") }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("\(clock(10)) kafka-1 \(status) → \(clock(12)) 3 shrank to ISR 2") },
                "\(lines.joined(separator: "\n"))")

        // The JSON model carries the same story, and its schema allows it.
        let data = try SnapshotDocument(snapshot: snapshot, assessment: assessment).encoded()
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(try DataOutTests.schema.failures(of: document).isEmpty)
        let churnJSON = try #require((document["kafka"] as? [String: Any])?["isrChurn"] as? [String: Any])
        let events = try #require(churnJSON["events"] as? [[String: Any]])
        #expect(events.last?["left"] as? [Int] == [1] && events.last?["shrinks"] as? Int == 3)
        #expect((events.last?["podChanges"] as? [[String: Any]])?.first?["pod"] as? String == "kafka-1")
    }

    @Test func churnWhileEveryBrokerIsReadyIsFlapping() throws {
        var store = Store(notConnectedReasons: [:])
        store.record(try Cluster.eCommerceSaga().withKafka(ready: 3, of: 3), at: Self.start)
        var time = Self.start
        for round in 0..<4 {
            store.record(Self.kafka(at: time, isr: [0, 1, 2]), at: time)
            time.addTimeInterval(10)
            store.record(Self.kafka(at: time, isr: round % 2 == 0 ? [0, 2] : [0, 1]), at: time)
            time.addTimeInterval(10)
        }
        let (_, assessment) = assessed(store, at: time)
        let finding = try #require(assessment.findings.first { $0.rule == "kafka-isr-flapping" })
        #expect(finding.severity == .warning)
        #expect(finding.cause == "ISR flapping: 12 shrinks and 9 expands in the last 5m while all 3 brokers are Ready")
        #expect(finding.evidence == [
            "broker 1 (kafka-1) left ISRs at 2 of 7 polls with changes",
            "broker 2 (kafka-2) left ISRs at 2 of 7 polls with changes",
            "no broker pod restarted or turned unready before those shrinks",
        ])

        // Two unexplained shrinks are not yet persistent.
        var short = Store(notConnectedReasons: [:])
        short.record(try Cluster.eCommerceSaga().withKafka(ready: 3, of: 3), at: Self.start)
        short.record(Self.kafka(at: Self.start, isr: [0, 1, 2]), at: Self.start)
        short.record(Self.kafka(at: Self.start.addingTimeInterval(10), isr: [0, 2]), at: Self.start.addingTimeInterval(10))
        short.record(Self.kafka(at: Self.start.addingTimeInterval(20), isr: [0, 1, 2]), at: Self.start.addingTimeInterval(20))
        short.record(Self.kafka(at: Self.start.addingTimeInterval(30), isr: [0, 2]), at: Self.start.addingTimeInterval(30))
        #expect(!assessed(short, at: Self.start.addingTimeInterval(30)).1.findings.contains { $0.rule == "kafka-isr-flapping" })
    }
}
