import Foundation

/// Durations the way kubectl prints them (apimachinery `pkg/util/duration`):
/// `45s`, `2m50s`, `14m`, `5h3m`, `17h`, `3d4h`, `400d`, `2y30d`, `12y`.
package enum HumanDuration {
    /// apimachinery's `HumanDuration`: two to three significant figures, used for AGE
    /// and for the "(2m50s ago)" of RESTARTS.
    ///
    /// A duration a little below zero (down to -2 s, exclusive) reads `0s`, because clocks
    /// of client and server differ; anything more negative reads `<invalid>`.
    package static func format(_ interval: TimeInterval) -> String {
        let nanoseconds = wholeNanoseconds(interval)
        let seconds = nanoseconds / 1_000_000_000
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 * 2 { return "\(seconds)s" }

        let minutes = seconds / 60
        if minutes < 10 {
            let remainder = seconds % 60
            return remainder == 0 ? "\(minutes)m" : "\(minutes)m\(remainder)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }

        let hours = seconds / 3600
        if hours < 8 {
            let remainder = minutes % 60
            return remainder == 0 ? "\(hours)h" : "\(hours)h\(remainder)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let remainder = hours % 24
            return remainder == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(remainder)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let remainder = (hours / 24) % 365
            return remainder == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(remainder)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// apimachinery's `ShortHumanDuration`: one unit only (`45s`, `14m`, `17h`, `3d`, `2y`).
    package static func formatShort(_ interval: TimeInterval) -> String {
        let nanoseconds = wholeNanoseconds(interval)
        let seconds = nanoseconds / 1_000_000_000
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 60 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 24 { return "\(hours)h" }
        if hours < 24 * 365 { return "\(hours / 24)d" }
        return "\(hours / 24 / 365)y"
    }

    /// kubectl's `translateTimestampSince`: the age of a timestamp at `now`,
    /// or `<unknown>` when the object has no such timestamp.
    package static func age(of timestamp: Date?, at now: Date) -> String {
        guard let timestamp else { return "<unknown>" }
        return format(now.timeIntervalSince(timestamp))
    }

    // Go measures in whole nanoseconds and truncates toward zero; a Double difference of two
    // dates carries float noise (119.9999999 for 120), so it is rounded to the microsecond,
    // the finest precision the API writes, before truncating. Go's time.Since saturates at
    // ±292 years; so does this.
    private static func wholeNanoseconds(_ interval: TimeInterval) -> Int64 {
        guard !interval.isNaN else { return 0 }
        let microseconds = (interval * 1_000_000).rounded()
        // Go's longest Duration in microseconds, rounded down to a Double that is exact,
        // so scaling to nanoseconds stays inside Int64.
        let limit = 9_223_372_036_854_000.0
        return Int64(min(max(microseconds, -limit), limit)) * 1000
    }
}
