import Foundation

extension KubernetesClient {
    /// Watches a resource from `resourceVersion`: one event per line until the server's
    /// `timeoutSeconds` ends the stream (a normal end), a drop, or a failure.
    ///
    /// An expired version arrives as an `.error` event with a 410 `Status` (or as a thrown
    /// ``KubernetesError`` of kind `.expired` when the server answers 410 outright).
    package func watch<Item: Codable & Sendable & Equatable>(_ resource: KubernetesResource, namespace: String, resourceVersion: String,
                                                             timeoutSeconds: Int = 290, as type: Item.Type = Item.self) -> WatchEvents<Item> {
        let purpose = RequestPurpose(verb: "watch", resource: resource.plural, namespace: namespace)
        let query = [
            ("watch", "1"), ("resourceVersion", resourceVersion), ("allowWatchBookmarks", "true"),
            ("timeoutSeconds", String(timeoutSeconds)),
        ]
        let path = resource.path(namespace: namespace)
        // The server ends the stream at timeoutSeconds; the deadline only guards against one that does not.
        let deadline = Double(timeoutSeconds) + configuration.requestTimeout
        let server = access.server
        let lines = ResponseLines(
            open: { try await self.open(path: path, query: query, purpose: purpose, deadline: Self.deadline(deadline)) },
            maximumLineLength: configuration.maximumWatchLineBytes, overflow: .fail,
            describe: { TransportFailure.describe($0, purpose: purpose, server: server, timeout: Int(deadline)) })
        return WatchEvents(lines: lines, purpose: purpose)
    }
}

/// The events of one watch request, decoded line by line.
package struct WatchEvents<Item: Codable & Sendable & Equatable>: AsyncSequence, Sendable {
    package typealias Element = WatchEvent<Item>

    let lines: ResponseLines
    let purpose: RequestPurpose

    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(lines: lines.makeAsyncIterator(), purpose: purpose)
    }

    package struct AsyncIterator: AsyncIteratorProtocol {
        var lines: ResponseLines.AsyncIterator
        let purpose: RequestPurpose
        private let decoder = JSONDecoder()

        init(lines: ResponseLines.AsyncIterator, purpose: RequestPurpose) {
            self.lines = lines
            self.purpose = purpose
        }

        package mutating func next() async throws -> WatchEvent<Item>? {
            while let line = try await lines.next() {
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
                return try WatchLine.decode(line, as: Item.self, purpose: purpose, decoder: decoder)
            }
            return nil
        }
    }
}

/// Decoding of one watch line, separate so tests can feed it lines.
package enum WatchLine {
    package static func decode<Item: Codable & Sendable & Equatable>(_ line: [UInt8], as type: Item.Type, purpose: RequestPurpose,
                                                                   decoder: JSONDecoder = JSONDecoder()) throws -> WatchEvent<Item> {
        do {
            return try decoder.decode(WatchEvent<Item>.self, from: Data(line))
        } catch {
            throw KubernetesError(.invalidResponse, "A \(purpose.description) event could not be read: \(DecodingFailure.describe(error))")
        }
    }
}
