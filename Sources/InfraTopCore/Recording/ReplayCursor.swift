import Foundation

/// A position in a recording and the store as it stood there, rebuilt by ingesting every line
/// of the run up to it.
///
/// Moving forward ingests the lines in between; moving back restarts from the nearest saved
/// store (one every `checkpointInterval` lines), so seeking stays quick in a long recording.
package struct ReplayCursor: Sendable {
    package let recording: Recording
    /// The entry shown, from 0; -1 before the first.
    package private(set) var position = -1
    package private(set) var store = Store.forReplay(refreshInterval: 2)
    /// The current line's snapshot as recorded (context, namespace, interval and time).
    private var current: Snapshot?
    private var checkpoints: [Int: Checkpoint] = [:]
    private let checkpointInterval: Int
    /// The store after a line, and that line's snapshot.
    private struct Checkpoint: Sendable {
        var store: Store
        var current: Snapshot
    }

    /// Lines that could not be decoded on the way, as "line N: why".
    package private(set) var skipped: [String] = []

    package init(recording: Recording, checkpointInterval: Int = 64) {
        self.recording = recording
        self.checkpointInterval = max(1, checkpointInterval)
    }

    /// Reads a recording file and saves the checkpoints in the same pass, so each line is
    /// decoded once on opening and any later seek decodes fewer than `checkpointInterval` lines.
    package init(path: String, checkpointInterval: Int = 64) throws {
        let interval = max(1, checkpointInterval)
        var store = Store.forReplay(refreshInterval: 2)
        var checkpoints: [Int: Checkpoint] = [:]
        var previousRun: String?
        let recording = try Recording(path: path) { index, line in
            if line.run != previousRun {
                store = Store.forReplay(refreshInterval: line.snapshot.refreshInterval)
                previousRun = line.run
            }
            store.ingest(line.snapshot)
            if index % interval == interval - 1 { checkpoints[index] = Checkpoint(store: store, current: line.snapshot) }
        }
        self.init(recording: recording, checkpointInterval: interval)
        self.checkpoints = checkpoints
    }

    package var count: Int { recording.count }

    /// The snapshot at the current position as it was shown live: the store's state at the
    /// recorded time. Nil before the first line.
    package var snapshot: Snapshot? {
        guard let current else { return nil }
        return store.snapshot(at: current.takenAt, context: current.context, namespace: current.namespace, refreshInterval: current.refreshInterval)
    }

    /// Moves to entry `index`, clamped to the recording.
    package mutating func move(to index: Int) {
        guard count > 0 else { return }
        let target = min(max(0, index), count - 1)
        guard target != position else { return }
        let nearest = checkpoints.keys.filter { $0 <= target }.max()
        if target < position || (nearest.map { $0 > position } ?? false) {
            if let start = nearest, let saved = checkpoints[start] {
                store = saved.store
                position = start
                current = saved.current
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
            checkpoints[index] = Checkpoint(store: store, current: line.snapshot)
        }
    }

    /// The entry at or after `time`, or the last one.
    package func index(atOrAfter time: Date) -> Int {
        recording.entries.firstIndex { $0.takenAt >= time } ?? max(0, count - 1)
    }

    /// The last entry at or before `time`, or the first one.
    package func index(atOrBefore time: Date) -> Int {
        recording.entries.lastIndex { $0.takenAt <= time } ?? 0
    }
}
