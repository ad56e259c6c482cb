import Foundation

/// A position in a recording and the store as it stood there, rebuilt by ingesting every line
/// of the run up to it.
///
/// Moving forward ingests the lines in between; moving back restarts from the nearest saved
/// store (one every `checkpointInterval` lines), so seeking stays quick in a long recording.
public struct ReplayCursor: Sendable {
    public let recording: Recording
    /// The entry shown, from 0; -1 before the first.
    public private(set) var position = -1
    public private(set) var store = Store.forReplay(refreshInterval: 2)
    /// The current line's snapshot as recorded (context, namespace, interval and time).
    private var current: Snapshot?
    private var checkpoints: [Int: Store] = [:]
    private let checkpointInterval: Int
    /// Lines that could not be decoded on the way, as "line N: why".
    public private(set) var skipped: [String] = []

    public init(recording: Recording, checkpointInterval: Int = 64) {
        self.recording = recording
        self.checkpointInterval = max(1, checkpointInterval)
    }

    public var count: Int { recording.count }

    /// The snapshot at the current position as it was shown live: the store's state at the
    /// recorded time. Nil before the first line.
    public var snapshot: Snapshot? {
        guard let current else { return nil }
        return store.snapshot(at: current.takenAt, context: current.context, namespace: current.namespace, refreshInterval: current.refreshInterval)
    }

    /// Moves to entry `index`, clamped to the recording.
    public mutating func move(to index: Int) {
        guard count > 0 else { return }
        let target = min(max(0, index), count - 1)
        guard target != position else { return }
        if target < position {
            if let start = checkpoints.keys.filter({ $0 <= target }).max(), let saved = checkpoints[start] {
                store = saved
                position = start
                current = try? recording.line(at: start).snapshot
            } else {
                position = -1
                current = nil
            }
        }
        while position < target {
            position += 1
            ingest(position)
        }
    }

    private mutating func ingest(_ index: Int) {
        let entry = recording.entries[index]
        if index == 0 || recording.entries[index - 1].run != entry.run {
            checkpoints = checkpoints.filter { $0.key < index }
        }
        let line: RecordingLine
        do {
            line = try recording.line(at: index)
        } catch {
            skipped.append("\(error)")
            return
        }
        if index == 0 || recording.entries[index - 1].run != line.run {
            store = Store.forReplay(refreshInterval: line.snapshot.refreshInterval)
        }
        store.ingest(line.snapshot)
        current = line.snapshot
        if index % checkpointInterval == checkpointInterval - 1 {
            checkpoints[index] = store
        }
    }

    /// The entry at or after `time`, or the last one.
    public func index(atOrAfter time: Date) -> Int {
        recording.entries.firstIndex { $0.takenAt >= time } ?? max(0, count - 1)
    }

    /// The last entry at or before `time`, or the first one.
    public func index(atOrBefore time: Date) -> Int {
        recording.entries.lastIndex { $0.takenAt <= time } ?? 0
    }
}
