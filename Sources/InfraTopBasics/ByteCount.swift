import Foundation

/// Sizes as Kubernetes writes them: `512Ki`, `212.3Mi`, `1.5Gi`.
package enum ByteCount {
    package static func text(_ bytes: Int) -> String {
        let units = ["Ki", "Mi", "Gi", "Ti", "Pi"]
        guard bytes >= 1024 else { return "\(bytes)B" }
        var value = Double(bytes)
        var unit = -1
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let rounded = (value * 10).rounded() / 10
        let number = rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
        return number + units[unit]
    }
}

/// Rates for panels: `0/s`, `3.5/s`, `1.2k/s`.
package enum RateText {
    package static func perSecond(_ rate: Double) -> String {
        guard rate.isFinite else { return "?/s" }
        if rate >= 1000 { return String(format: "%.1fk/s", rate / 1000) }
        if rate == rate.rounded() { return "\(Int(rate))/s" }
        return String(format: "%.1f/s", rate)
    }
}
