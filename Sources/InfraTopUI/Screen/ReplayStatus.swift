import Foundation

/// Where a replay stands, for the status line: the screen shows a recording, not the cluster now.
package struct ReplayStatus: Sendable, Equatable {
    /// The snapshot shown, from 1.
    package var position: Int
    package var count: Int
    package var isPaused: Bool
    /// Playback speed: 1 is the recorded pace.
    package var speed: Double

    package init(position: Int, count: Int, isPaused: Bool, speed: Double) {
        self.position = position
        self.count = count
        self.isPaused = isPaused
        self.speed = speed
    }

    /// `REPLAY 12/340 ▶ 1x` or `REPLAY 12/340 ‖ paused`.
    func label(glyphs: GlyphSet) -> String {
        let state = isPaused
            ? (glyphs.allowsUnicode ? "‖ paused" : "|| paused")
            : (glyphs.allowsUnicode ? "▶ " : "> ") + Self.speedText(speed)
        return "REPLAY \(position)/\(count) \(state)"
    }

    /// `1x`, `16x`.
    package static func speedText(_ speed: Double) -> String {
        speed == speed.rounded() ? "\(Int(speed))x" : String(format: "%.2gx", speed)
    }
}
