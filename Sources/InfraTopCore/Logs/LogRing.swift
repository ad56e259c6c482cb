import DequeModule

/// The pane's scrollback: the newest `capacity` lines, each numbered in arrival order.
///
/// Memory stays flat however long a stream runs: appending past the capacity evicts the oldest
/// lines. Sequence numbers keep counting, so a position in the scrollback survives evictions.
package struct LogRing: Sendable {
    static let defaultCapacity = 10_000

    package let capacity: Int
    package private(set) var lines: Deque<LogLine> = []
    /// The sequence number of `lines.first`.
    package private(set) var firstSequence = 0
    /// Lines pushed out by newer ones since the ring was made or cleared.
    package private(set) var evicted = 0

    package init(capacity: Int = defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// The sequence number the next line will get.
    package var endSequence: Int { firstSequence + lines.count }

    package var count: Int { lines.count }

    /// The line with a sequence number, if it is still held.
    package subscript(sequence sequence: Int) -> LogLine? {
        let index = sequence - firstSequence
        return index >= 0 && index < lines.count ? lines[index] : nil
    }

    package mutating func append(_ line: LogLine) {
        lines.append(line)
        trim()
    }

    package mutating func append<S: Sequence>(contentsOf newLines: S) where S.Element == LogLine {
        lines.append(contentsOf: newLines)
        trim()
    }

    /// Forgets every line; sequence numbers go on from where they were.
    package mutating func clear() {
        firstSequence = endSequence
        lines.removeAll()
        evicted = 0
    }

    private mutating func trim() {
        let excess = lines.count - capacity
        guard excess > 0 else { return }
        lines.removeFirst(excess)
        firstSequence += excess
        evicted += excess
    }
}
