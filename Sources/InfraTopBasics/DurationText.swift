import Foundation

/// Short ages for the status line and findings: `4s`, `2m5s`, `3h10m`, `2d4h`.
package enum DurationText {
    package static func short(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite else { return "?" }
        let total = max(0, Int(saturating: seconds.rounded(.down)))
        if total < 60 { return "\(total)s" }
        if total < 3600 {
            let s = total % 60
            return s == 0 ? "\(total / 60)m" : "\(total / 60)m\(s)s"
        }
        if total < 86_400 {
            let m = (total % 3600) / 60
            return m == 0 ? "\(total / 3600)h" : "\(total / 3600)h\(m)m"
        }
        let h = (total % 86_400) / 3600
        return h == 0 ? "\(total / 86_400)d" : "\(total / 86_400)d\(h)h"
    }
}
