import Foundation
import InfraTopKafka
import InfraTopKubernetes

/// ISR shrinks and expands seen from outside the brokers (successive metadata, no JMX), each
/// joined to what Kubernetes saw of the broker pods that left just before: "kafka-1 not ready
/// → 42 partitions shrank to ISR 1" as one story.
package struct ISRChurn: Sendable, Equatable {
    /// A poll at which some ISR changed.
    package struct Event: Sendable, Equatable {
        package var at: Date
        package var shrinks: Int
        package var expands: Int
        /// Brokers that left some ISR, with their pods where known.
        package var left: [Broker]
        /// The smallest ISR a shrunken partition was left with.
        package var smallestShrunkISR: Int?
        /// What Kubernetes saw of those brokers' pods in the polls before: the story's first half.
        package var podChanges: [PodChange]
    }

    package struct Broker: Sendable, Equatable {
        package var id: Int32
        package var pod: String?
    }

    /// A broker pod's observed change: its STATUS and readiness from then on.
    package struct PodChange: Sendable, Equatable {
        package var pod: String
        package var at: Date
        package var status: String
        package var isReady: Bool
    }

    /// Events within the window, oldest first.
    package var events: [Event]
    /// Shrinks and expands summed over the last minute.
    package var shrinksLastMinute: Int
    package var expandsLastMinute: Int
    /// How far back the events go.
    package var window: TimeInterval

    /// How long before a shrink a pod's change counts as its cause: a broker leaves the ISR
    /// `replica.lag.time.max.ms` (30 s by default) after it stops fetching.
    static let causeWindow: TimeInterval = 45

    /// The churn over `history`'s Kafka points in the last `window`, up to `now`; nil when no ISR changed in it.
    package init?(history: ClusterHistory, brokers: [KafkaSample.Broker], now: Date, window: TimeInterval = 300) {
        let points = history.kafka.elements.filter { now.timeIntervalSince($0.at) <= window && ($0.isrShrinks > 0 || $0.isrExpands > 0) }
        guard !points.isEmpty else { return nil }
        let pods = Dictionary(brokers.compactMap { broker in broker.pod.map { (broker.id, $0) } }, uniquingKeysWith: { first, _ in first })
        events = points.map { point in
            let left = point.leftISR.map { Broker(id: $0, pod: pods[$0]) }
            let changes = left.compactMap(\.pod).flatMap { pod in
                (history.pods[pod]?.transitions.elements ?? []).dropFirst()
                    .filter { point.at.timeIntervalSince($0.at) >= 0 && point.at.timeIntervalSince($0.at) <= Self.causeWindow }
                    .map { PodChange(pod: pod, at: $0.at, status: $0.observation.status, isReady: $0.observation.isReady) }
            }
            return Event(at: point.at, shrinks: point.isrShrinks, expands: point.isrExpands, left: left,
                         smallestShrunkISR: point.smallestShrunkISR, podChanges: changes.sorted { $0.at < $1.at })
        }
        let lastMinute = points.filter { now.timeIntervalSince($0.at) <= 60 }
        shrinksLastMinute = lastMinute.map(\.isrShrinks).reduce(0, +)
        expandsLastMinute = lastMinute.map(\.isrExpands).reduce(0, +)
        self.window = window
    }

    /// Shrinks over the window.
    package var shrinks: Int { events.map(\.shrinks).reduce(0, +) }
    package var expands: Int { events.map(\.expands).reduce(0, +) }

    /// Polls with a shrink that no broker pod's change explains: brokers dropping out of the ISR
    /// while Kubernetes saw nothing happen to them.
    package var unexplainedShrinkPolls: Int { events.filter { $0.shrinks > 0 && $0.podChanges.isEmpty }.count }
}

/// ISR churn that persists while every broker pod is Ready: brokers that fall behind and catch
/// up again without restarting (network, disk, GC pauses, `replica.lag.time.max.ms` too tight).
/// A shrink a pod's restart or readiness change explains is that pod's story, told by the
/// brokers finding and the timeline, not flapping.
struct KafkaISRFlappingRule: Sendable {
    var component = "kafka"
    /// Polls with unexplained shrinks within the window that make it persistent.
    var minimumShrinkPolls = 3

    func findings(churn: ISRChurn?, health: WorkloadHealth?) -> [Finding] {
        guard let churn, let health, health.exists, health.desired > 0, health.ready >= health.desired,
              churn.unexplainedShrinkPolls >= minimumShrinkPolls
        else { return [] }
        var counts: [Int32: Int] = [:]
        var pods: [Int32: String] = [:]
        for event in churn.events where event.shrinks > 0 {
            for broker in event.left {
                counts[broker.id, default: 0] += 1
                pods[broker.id] = broker.pod
            }
        }
        let brokers = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let minutes = Int((churn.window / 60).rounded())
        return [Finding(
            severity: .warning,
            rule: "kafka-isr-flapping",
            cause: "ISR flapping: \(churn.shrinks) shrinks and \(churn.expands) expands in the last \(minutes)m while all \(health.desired) brokers are Ready",
            evidence: brokers.map { id, times in
                "broker \(id)\(pods[id].map { " (\($0))" } ?? "") left ISRs at \(times) of \(churn.events.count) polls with changes"
            } + ["no broker pod restarted or turned unready before those shrinks"],
            next: "the broker's network, disk and GC pauses; replica.lag.time.max.ms; the Kafka view (3)",
            subject: .init(component: component)
        )]
    }
}
