/// Arithmetic on numbers that came from the network, which must not trap: a counter that jumps
/// between extremes, a timestamp of `Int64.min`, a latency of `1e308`. Each result is the bound
/// it would pass instead, so a wrong value shows as a large one rather than ending the process.
package extension FixedWidthInteger {
    /// `self + other`, or the bound the sum passes.
    func addingSaturated(_ other: Self) -> Self {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self - other`, or the bound the difference passes.
    func subtractingSaturated(_ other: Self) -> Self {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return difference }
        return other < 0 ? .max : .min
    }

    /// `value` rounded toward zero and held within the type's range; 0 for NaN.
    init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= Double(Self.max) {
            // Double(Self.max) rounds up to 2^63 for Int64: anything at or above it is out of range.
            self = .max
        } else if value <= Double(Self.min) {
            self = .min
        } else {
            self = Self(value)
        }
    }
}
