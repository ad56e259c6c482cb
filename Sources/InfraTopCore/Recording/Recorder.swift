import Dispatch
import Foundation
import InfraTopBasics

/// Appends snapshots to a recording file, one JSON line each, off the caller's queue.
///
/// The file is opened for appending, so several runs can share it and a line is never written
/// over another. The first failure (disk full, file removed) stops recording and is reported
/// once through `onFailure`; the dashboard keeps running.
package final class Recorder: @unchecked Sendable {
    package let path: String
    /// Identifies this run's lines in the file.
    package let run: String
    private let queue = DispatchQueue(label: "infratop.recorder")
    /// Shared between the caller's queue and the recorder's.
    private let guarded: Locked<State>
    private let onFailure: @Sendable (String) -> Void

    private struct State {
        var descriptor: Int32
        var pending = 0
        var dropped = 0
        var failed = false
    }

    /// Lines waiting to be written; beyond this, new snapshots are dropped (and counted) rather
    /// than queued without bound behind a slow disk.
    static let maximumPending = 64

    /// Opens (or creates, readable by the owner only) the file for appending.
    package init(path: String, run: String = UUID().uuidString, onFailure: @escaping @Sendable (String) -> Void) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw RecordingError("cannot record to \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.run = run
        self.guarded = Locked(State(descriptor: descriptor))
        self.onFailure = onFailure
    }

    deinit {
        let descriptor = guarded.withLock { $0.descriptor }
        if descriptor >= 0 { close(descriptor) }
    }

    /// Queues one snapshot; encoding and writing happen on the recorder's own queue.
    package func append(_ snapshot: Snapshot) {
        let accepted = withState { state -> Bool in
            guard !state.failed else { return false }
            guard state.pending < Self.maximumPending else {
                state.dropped += 1
                return false
            }
            state.pending += 1
            return true
        }
        guard accepted else { return }
        let line = RecordingLine(run: run, snapshot: snapshot)
        queue.async { self.write(line) }
    }

    /// Waits until every queued line is written.
    package func flush() {
        queue.sync {}
    }

    /// Snapshots dropped because the disk could not keep up.
    var droppedCount: Int { withState { $0.dropped } }

    private func write(_ line: RecordingLine) {
        defer { withState { $0.pending -= 1 } }
        let descriptor = withState { $0.failed ? -1 : $0.descriptor }
        guard descriptor >= 0 else { return }
        let data: Data
        do {
            data = try line.encoded()
        } catch {
            fail("recording stopped: a snapshot could not be encoded (\(error))")
            return
        }
        // One write per line: with O_APPEND each lands whole at the end of the file.
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { bytes in
                Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                fail("recording stopped: cannot write \(path): \(String(cString: strerror(errno)))")
                return
            }
            offset += written
        }
    }

    private func withState<Result>(_ body: (inout State) -> Result) -> Result {
        guarded.withLock(body)
    }

    private func fail(_ message: String) {
        let first = withState { state -> Bool in
            defer { state.failed = true }
            return !state.failed
        }
        if first { onFailure(message) }
    }
}
