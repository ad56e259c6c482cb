import Foundation
import InfraTopBasics

extension Store {
    /// History length for a refresh interval: one hour of values, and never fewer than 60.
    package static func historyCapacity(refreshInterval: TimeInterval) -> Int {
        max(60, Int(3600 / refreshInterval))
    }

    /// A store for replaying a recording made at this refresh interval.
    static func forReplay(refreshInterval: TimeInterval) -> Store {
        var store = Store(notConnectedReasons: [:])
        store.historyCapacity = historyCapacity(refreshInterval: refreshInterval)
        return store
    }

    /// Takes in one recorded snapshot as if its polls had just answered.
    ///
    /// Each source's value that is new since the last snapshot goes through the same `record`
    /// method a live poll uses, at the time the poll was recorded, so rates and histories come
    /// out as they did live. The recorded statuses are then taken as they stood, failures and
    /// reasons included.
    mutating func ingest(_ snapshot: Snapshot) {
        func recordedTime(_ source: SourceID, fallback: Date) -> Date {
            snapshot.sources[source]?.lastGoodAt ?? fallback
        }
        if let kubernetes = snapshot.kubernetes, kubernetes.takenAt != self.kubernetes?.takenAt {
            record(kubernetes, at: recordedTime(.kubernetes, fallback: kubernetes.takenAt))
        }
        if let kafka = snapshot.kafka, kafka.sample.takenAt != self.kafka?.sample.takenAt {
            // A skipped line may have held the sample before this one; rates need it as `previous`.
            if let previous = kafka.previous, previous.takenAt != self.kafka?.sample.takenAt {
                record(previous, at: previous.takenAt)
            }
            record(kafka.sample, at: recordedTime(.kafka, fallback: kafka.sample.takenAt))
        }
        if let zookeeper = snapshot.zookeeper, zookeeper.takenAt != self.zookeeper?.takenAt {
            record(zookeeper, at: recordedTime(.zookeeper, fallback: zookeeper.takenAt))
        }
        if let sample = snapshot.redis?.sample, sample != redis?.sample {
            record(sample, at: recordedTime(.redis, fallback: sample.takenAt))
        }
        if let sample = snapshot.mongodb?.sample, sample != mongodb?.sample {
            record(sample, at: recordedTime(.mongodb, fallback: sample.takenAt))
        }
        // A failed poll goes through `recordFailure` as live, for whatever it keeps beside the status.
        for (source, status) in snapshot.sources where status.state == .failing {
            if let time = status.lastAttemptAt, time != statuses[source]?.lastAttemptAt {
                recordFailure(source, error: CollectorError(status.reason ?? ""), at: time)
            }
        }
        for (source, status) in snapshot.sources {
            statuses[source] = status
        }
    }
}
