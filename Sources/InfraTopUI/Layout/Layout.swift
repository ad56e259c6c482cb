/// Splits a rectangle into rows or columns by constraints.
///
/// Sizes are decided in a fixed order so that the same inputs always give the same screen:
/// fixed parts (and the minimum of `.min` parts) first, then percentages of the space after
/// spacing, then fills share the remainder by weight, the columns lost to rounding going to the
/// last fill. When space is short, fills shrink first, then percentages, then fixed parts, each
/// group from its last member back. The result always has one rectangle per constraint, all
/// inside the area, none of negative size.
package enum Layout {
    /// Splits `area` into rows stacked from the top, `spacing` rows apart.
    package static func rows(_ area: Rect, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        let spans = split(length: area.height, constraints, spacing: spacing)
        return spans.map { Rect(x: area.x, y: area.y + $0.start, width: area.width, height: $0.length) }
    }

    /// Splits `area` into columns placed from the left, `spacing` columns apart.
    package static func columns(_ area: Rect, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        let spans = split(length: area.width, constraints, spacing: spacing)
        return spans.map { Rect(x: area.x + $0.start, y: area.y, width: $0.length, height: area.height) }
    }

    /// Offsets and lengths of the parts along one axis of `length` cells.
    static func split(length: Int, _ constraints: [Constraint], spacing: Int) -> [(start: Int, length: Int)] {
        let length = max(0, length)
        let gap = clamped(spacing, to: length)
        let gaps = constraints.isEmpty ? 0 : gap * (constraints.count - 1)
        let sizes = sizes(for: constraints, available: max(0, length - gaps))
        var result: [(start: Int, length: Int)] = []
        var position = 0
        for (index, size) in sizes.enumerated() {
            if index > 0 { position += gap }
            // Only spacing wider than the whole area can push a part past the end.
            let start = Swift.min(position, length)
            result.append((start, Swift.min(size, length - start)))
            position += size
        }
        return result
    }

    /// Weights above this count as this, so that shares cannot overflow.
    static let maximumWeight = 10_000

    static func clamped(_ value: Int, to limit: Int) -> Int {
        Swift.min(Swift.max(0, value), Swift.max(0, limit))
    }

    /// The length of every part when `available` cells are shared among them.
    static func sizes(for constraints: [Constraint], available: Int) -> [Int] {
        var sizes = Array(repeating: 0, count: constraints.count)
        var fixed: [Int] = []
        var percentages: [Int] = []
        var fills: [(index: Int, weight: Int)] = []
        for (index, constraint) in constraints.enumerated() {
            switch constraint {
            case .fixed(let cells):
                sizes[index] = clamped(cells, to: available)
                fixed.append(index)
            case .min(let cells):
                sizes[index] = clamped(cells, to: available)
                fixed.append(index)
                fills.append((index, 1))
            case .percentage(let percent):
                sizes[index] = available * Swift.min(100, Swift.max(0, percent)) / 100
                percentages.append(index)
            case .fill(let weight):
                fills.append((index, clamped(weight, to: maximumWeight)))
            }
        }

        var excess = sizes.reduce(0, +) - available
        for index in percentages.reversed() + fixed.reversed() where excess > 0 {
            let cut = Swift.min(excess, sizes[index])
            sizes[index] -= cut
            excess -= cut
        }
        guard excess < 0 else { return sizes }

        let remainder = -excess
        let totalWeight = fills.reduce(0) { $0 + $1.weight }
        guard totalWeight > 0 else { return sizes }
        var given = 0
        for fill in fills {
            let share = remainder * fill.weight / totalWeight
            sizes[fill.index] += share
            given += share
        }
        if let last = fills.last(where: { $0.weight > 0 }) {
            sizes[last.index] += remainder - given
        }
        return sizes
    }
}
