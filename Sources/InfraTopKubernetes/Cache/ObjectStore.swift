import Foundation

/// The objects of one resource type as the last list and the watch events since describe them.
///
/// A value type with no I/O, so the rules (what ADDED, MODIFIED, DELETED, BOOKMARK and ERROR do)
/// are tested by feeding it events.
package struct ObjectStore<Item: KubernetesObject>: Sendable, Equatable {
    /// What applying one watch event means for the watcher.
    package enum Outcome: Sendable, Equatable {
        case applied
        /// Nothing changed but the resource version moved on.
        case bookmark
        /// 410: the version is gone; list again.
        case expired(Status)
        /// Another error from the server; the watch is over.
        case failed(Status)
    }

    package private(set) var objects: [String: Item] = [:]
    /// Where a watch resumes: the list's version, then each event's.
    package private(set) var resourceVersion: String = ""
    /// Keep at most this many objects, dropping the oldest by ``age``; nil keeps all.
    package let limit: Int?
    /// Orders objects for ``limit``: older ones go first.
    private let age: @Sendable (Item) -> Date

    package init(limit: Int? = nil, age: @escaping @Sendable (Item) -> Date = { $0.metadata.creationTimestamp ?? .distantPast }) {
        self.limit = limit
        self.age = age
    }

    /// Replaces everything with a fresh list.
    package mutating func replace(with list: ObjectList<Item>) {
        objects.removeAll(keepingCapacity: true)
        for item in list.items { objects[item.cacheKey] = item }
        resourceVersion = list.metadata.resourceVersion
        trim()
    }

    package mutating func apply(_ event: WatchEvent<Item>) -> Outcome {
        switch event {
        case .added(let item), .modified(let item):
            objects[item.cacheKey] = item
            advance(to: item.metadata.resourceVersion)
            trim()
            return .applied
        case .deleted(let item):
            objects[item.cacheKey] = nil
            advance(to: item.metadata.resourceVersion)
            return .applied
        case .bookmark(let version):
            advance(to: version)
            return .bookmark
        case .error(let status):
            return status.isResourceVersionExpired ? .expired(status) : .failed(status)
        }
    }

    /// The objects ordered by namespace and name, as kubectl lists them.
    package var items: [Item] {
        objects.values.sorted { ($0.metadata.namespace, $0.metadata.name) < ($1.metadata.namespace, $1.metadata.name) }
    }

    private mutating func advance(to version: String) {
        if !version.isEmpty { resourceVersion = version }
    }

    private mutating func trim() {
        guard let limit, objects.count > limit else { return }
        // Sorting once per overflow keeps this O(n log n) even when a list brings far more than the limit.
        let oldest = objects.sorted { age($0.value) < age($1.value) }.prefix(objects.count - limit)
        for (key, _) in oldest { objects[key] = nil }
    }

    package static func == (lhs: ObjectStore, rhs: ObjectStore) -> Bool {
        lhs.objects == rhs.objects && lhs.resourceVersion == rhs.resourceVersion && lhs.limit == rhs.limit
    }
}
