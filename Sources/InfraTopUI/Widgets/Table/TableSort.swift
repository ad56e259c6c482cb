/// The order of a sort.
package enum SortDirection: Hashable, Sendable {
    case ascending
    case descending

    /// The other direction, for a key that flips the sort.
    package var reversed: SortDirection { self == .ascending ? .descending : .ascending }
}

/// Sorting of table rows by the text of one column, the way a person reads the values.
///
/// Numbers sort by value (`9` before `10`, `17 (2m ago)` as 17), Kubernetes ages and durations
/// by their length in time (`50s` < `2m50s` < `3h` < `14d`), sizes by bytes (`512Mi` < `1Gi`),
/// and other text case-insensitively with digit runs compared as numbers (`kafka-2` before
/// `kafka-10`). Values that read as quantities come before plain text in ascending order. The
/// sort is stable in both directions: rows that compare equal keep their order.
package struct TableSort: Hashable, Sendable {
    /// The index of the column to sort by.
    package var column: Int
    package var direction: SortDirection

    package init(column: Int, direction: SortDirection = .ascending) {
        self.column = column
        self.direction = direction
    }

    /// The rows sorted by this column; a row without that column sorts as empty text.
    package func sorted(_ rows: [TableRow]) -> [TableRow] {
        sorted(rows) { row in row.cells.indices.contains(column) ? row.cells[column].text : "" }
    }

    /// Any values sorted by the text `key` gives for them, so a view can sort its model
    /// (and keep the selection on the same item) before it builds rows.
    package func sorted<Element>(_ elements: [Element], by key: (Element) -> String) -> [Element] {
        let keys = elements.map { SortKey(key($0)) }
        let order = keys.indices.sorted { left, right in
            let result = keys[left].compare(to: keys[right])
            if result == 0 { return left < right }
            return direction == .ascending ? result < 0 : result > 0
        }
        return order.map { elements[$0] }
    }

    /// Compares two cell texts as the sort does: negative, zero or positive.
    package static func compare(_ left: String, _ right: String) -> Int {
        SortKey(left).compare(to: SortKey(right))
    }
}

/// A cell text reduced to what it sorts by.
struct SortKey {
    /// The value of a leading number, duration or size; `nil` for plain text.
    let magnitude: Double?
    /// What sorts ties among equal magnitudes, or the whole text.
    let rest: String
    let original: String

    init(_ text: String) {
        original = text
        let trimmed = text.trimmingSpaces
        if let seconds = Quantity.duration(trimmed) ?? Quantity.bytes(trimmed) {
            magnitude = seconds
            rest = ""
        } else if let (number, rest) = Quantity.leadingNumber(trimmed) {
            magnitude = number
            self.rest = rest
        } else {
            magnitude = nil
            rest = trimmed
        }
    }

    func compare(to other: SortKey) -> Int {
        switch (magnitude, other.magnitude) {
        case let (left?, right?):
            if left != right { return left < right ? -1 : 1 }
        case (.some, nil): return -1
        case (nil, .some): return 1
        case (nil, nil): break
        }
        let natural = NaturalOrder.compare(rest, other.rest)
        if natural != 0 { return natural }
        // Differ only in case or spacing: fall back to the exact text, so equal means identical.
        return original == other.original ? 0 : (original < other.original ? -1 : 1)
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars.removeFirst() }
        while scalars.last?.isWhitespace == true { scalars.removeLast() }
        return String(scalars)
    }
}
