import DequeModule

/// The last `capacity` values of a series, oldest first: memory stays flat however long it runs.
public struct HistoryRing<Element: Sendable>: Sendable {
    public let capacity: Int
    private var storage: Deque<Element>

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        self.storage = Deque(minimumCapacity: min(self.capacity, 4096))
    }

    public mutating func append(_ element: Element) {
        if storage.count == capacity { storage.removeFirst() }
        storage.append(element)
    }

    public var count: Int { storage.count }
    public var last: Element? { storage.last }

    /// The newest `count` values, oldest first.
    public func suffix(_ count: Int) -> [Element] { Array(storage.suffix(count)) }

    public var elements: [Element] { Array(storage) }
}

extension HistoryRing: Equatable where Element: Equatable {}
