import Foundation

/// Where a replay stands, for the status line: the screen shows a recording, not the cluster now.
public struct ReplayStatus: Sendable, Equatable {
    /// The snapshot shown, from 1.
    public var position: Int
    public var count: Int
    public var isPaused: Bool
    /// Playback speed: 1 is the recorded pace.
    public var speed: Double

    public init(position: Int, count: Int, isPaused: Bool, speed: Double) {
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
    public static func speedText(_ speed: Double) -> String {
        speed == speed.rounded() ? "\(Int(speed))x" : String(format: "%.2gx", speed)
    }
}
