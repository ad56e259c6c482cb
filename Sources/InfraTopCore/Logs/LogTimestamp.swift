import Foundation
import InfraTopKubernetes

/// The kubelet's per-line timestamp (`timestamps=true`), read to the nanosecond so lines fetched
/// again after a reconnect can be told from new ones.
package struct LogTimestamp: Hashable, Comparable, Sendable {
    /// Nanoseconds since 1970 UTC.
    package var nanoseconds: Int64
    /// The text as the kubelet wrote it.
    package var text: String

    /// Reads `2026-11-25T09:02:11.123456789Z`; nil when the text is not an RFC 3339 time.
    package init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var nanos: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            let digits = fraction.prefix { $0.isASCII && $0.isNumber }
            let zone = fraction.dropFirst(digits.count)
            guard !digits.isEmpty, !zone.isEmpty else { return nil }
            for (index, digit) in digits.prefix(9).enumerated() {
                nanos += Int64(digit.wholeNumberValue ?? 0) * Self.scale[index]
            }
            whole += zone
        }
        guard let date = RFC3339.date(from: whole) else { return nil }
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        self.nanoseconds = seconds * 1_000_000_000 + nanos
        self.text = text
    }

    private static let scale: [Int64] = [100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1]

    /// The whole second this time falls in: `sinceTime` asks for lines from there on.
    package var wholeSecond: Date {
        Date(timeIntervalSince1970: TimeInterval(nanoseconds.quotientRoundingDown(1_000_000_000)))
    }

    /// The line split into its timestamp and its text; no timestamp when the line has none.
    package static func split(_ line: String) -> (LogTimestamp?, Substring) {
        guard let space = line.firstIndex(of: " "), line.distance(from: line.startIndex, to: space) <= 40,
              let stamp = LogTimestamp(String(line[..<space])) else { return (nil, Substring(line)) }
        return (stamp, line[line.index(after: space)...])
    }

    package static func < (a: LogTimestamp, b: LogTimestamp) -> Bool { a.nanoseconds < b.nanoseconds }

    /// The same instant, however many trailing zeros the text had.
    package static func == (a: LogTimestamp, b: LogTimestamp) -> Bool { a.nanoseconds == b.nanoseconds }

    package func hash(into hasher: inout Hasher) { hasher.combine(nanoseconds) }
}

extension Int64 {
    fileprivate func quotientRoundingDown(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
