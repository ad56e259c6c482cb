import DequeModule

/// The last `capacity` values of a series, oldest first: memory stays flat however long it runs.
package struct HistoryRing<Element: Sendable>: Sendable {
    package let capacity: Int
    private var storage: Deque<Element>

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        // Grown as values come: a pod's ring of 32 transitions mostly holds one or two.
        self.storage = Deque()
    }

    package mutating func append(_ element: Element) {
        if storage.count == capacity { storage.removeFirst() }
        storage.append(element)
    }

    package var count: Int { storage.count }
    package var last: Element? { storage.last }

    /// The newest `count` values, oldest first.
    package func suffix(_ count: Int) -> [Element] { Array(storage.suffix(count)) }

    package var elements: [Element] { Array(storage) }
}

extension HistoryRing: Equatable where Element: Equatable {}
