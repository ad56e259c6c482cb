import Foundation
import InfraTopCore

/// Plays a recording: position, pause and speed, and the keys that change them.
///
/// A pure value like ``AppState``: the replay dashboard owns the timer, this decides what the
/// next snapshot is and how long to wait for it.
package struct ReplayPlayer: Sendable {
    package private(set) var cursor: ReplayCursor
    package private(set) var isPaused: Bool
    package private(set) var speed: Double

    /// The speeds `>` and `<` step through.
    package static let speeds: [Double] = [1, 2, 4, 8, 16, 32, 64]
    /// How far `]` and `[` (or → and ←) jump, in recorded time.
    static let seekStep: TimeInterval = 60
    /// Between two runs in one file the recorded gap means nothing; playback waits this long instead.
    static let gapBetweenRuns: TimeInterval = 1

    package enum Action: Equatable, Sendable {
        case togglePause
        case step(Int)
        case seek(TimeInterval)
        case faster
        case slower
    }

    package init(recording: Recording, startAt index: Int = 0, isPaused: Bool = false, speed: Double = 1) {
        self.init(cursor: ReplayCursor(recording: recording), startAt: index, isPaused: isPaused, speed: speed)
    }

    package init(cursor: ReplayCursor, startAt index: Int = 0, isPaused: Bool = false, speed: Double = 1) {
        self.cursor = cursor
        self.isPaused = isPaused
        self.speed = speed
        self.cursor.move(to: index)
    }

    /// The replay's key for `key`, or nil to let the dashboard handle it. Keys go to the filter
    /// while one is typed, and to the help overlay while it is shown.
    package static func action(for key: KeyPress, state: AppState) -> Action? {
        guard !state.isEditingFilter, !state.isHelpShown,
              case .replay(let action)? = KeyBindings.action(for: key, in: .replay, view: state.view) else { return nil }
        return action
    }

    /// Applies a key's action; returns a notice for the hint line when there is something to say.
    @discardableResult
    package mutating func apply(_ action: Action) -> String? {
        switch action {
        case .togglePause:
            if isAtEnd {
                isPaused = true
                return "end of the recording: step back or seek with , [ ←"
            }
            isPaused.toggle()
            return nil
        case .step(let delta):
            // Stepping is for looking closely: it pauses, as less and video players do.
            isPaused = true
            cursor.move(to: cursor.position + delta)
            return nil
        case .seek(let seconds):
            guard let now = currentTime else { return nil }
            let target = now.addingTimeInterval(seconds)
            cursor.move(to: seconds >= 0 ? cursor.index(atOrAfter: target) : cursor.index(atOrBefore: target))
            return nil
        case .faster, .slower:
            let index = Self.speeds.lastIndex { $0 <= speed } ?? 0
            let next = action == .faster ? min(index + 1, Self.speeds.count - 1) : max(index - 1, 0)
            speed = Self.speeds[next]
            return "replay speed \(ReplayStatus.speedText(speed))"
        }
    }

    /// How long to wait, in real seconds, before the next snapshot; nil while paused or at the end.
    package var delayToNext: TimeInterval? {
        guard !isPaused, !isAtEnd else { return nil }
        let entries = cursor.recording.entries
        let current = entries[cursor.position]
        let next = entries[cursor.position + 1]
        let gap = next.run == current.run ? next.takenAt.timeIntervalSince(current.takenAt) : Self.gapBetweenRuns * speed
        return max(0, gap) / speed
    }

    /// Moves to the next snapshot when playing; pauses at the end.
    package mutating func advance() {
        guard !isPaused, !isAtEnd else { return }
        cursor.move(to: cursor.position + 1)
        if isAtEnd { isPaused = true }
    }

    package var isAtEnd: Bool { cursor.position >= cursor.count - 1 }

    private var currentTime: Date? {
        cursor.position >= 0 ? cursor.recording.entries[cursor.position].takenAt : nil
    }

    /// What the status line shows.
    package var status: ReplayStatus {
        ReplayStatus(position: cursor.position + 1, count: cursor.count, isPaused: isPaused, speed: speed)
    }
}
