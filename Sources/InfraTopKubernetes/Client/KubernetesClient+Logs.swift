import Foundation

/// What `kubectl logs` can ask for.
package struct LogOptions: Sendable, Equatable {
    package var container: String?
    package var follow: Bool
    /// The run before the current one (after a restart).
    package var previous: Bool
    package var tailLines: Int?
    /// Prefix each line with its RFC 3339 time, as the kubelet records it.
    package var timestamps: Bool
    package var sinceTime: Date?
    package var sinceSeconds: Int?
    package var limitBytes: Int?

    package init(container: String? = nil, follow: Bool = false, previous: Bool = false, tailLines: Int? = nil,
                 timestamps: Bool = false, sinceTime: Date? = nil, sinceSeconds: Int? = nil, limitBytes: Int? = nil) {
        self.container = container
        self.follow = follow
        self.previous = previous
        self.tailLines = tailLines
        self.timestamps = timestamps
        self.sinceTime = sinceTime
        self.sinceSeconds = sinceSeconds
        self.limitBytes = limitBytes
    }

    var query: [(String, String)] {
        var query: [(String, String)] = []
        if let container { query.append(("container", container)) }
        if follow { query.append(("follow", "true")) }
        if previous { query.append(("previous", "true")) }
        if let tailLines { query.append(("tailLines", String(tailLines))) }
        if timestamps { query.append(("timestamps", "true")) }
        if let sinceTime { query.append(("sinceTime", RFC3339.string(from: sinceTime))) }
        if let sinceSeconds { query.append(("sinceSeconds", String(sinceSeconds))) }
        if let limitBytes { query.append(("limitBytes", String(limitBytes))) }
        return query
    }
}

extension KubernetesClient {
    /// A pod's log as lines. Without `follow` it ends with the log; with `follow` it runs until the
    /// container stops, the server ends it, `deadline` seconds pass, or the consuming task is cancelled.
    package func logs(pod: String, namespace: String, options: LogOptions = LogOptions(), deadline: TimeInterval? = nil) -> LogLines {
        let purpose = RequestPurpose(verb: "get", resource: "pods/log", namespace: namespace, name: pod)
        let path = KubernetesResource.pods.path(namespace: namespace) + "/" + QueryString.escape(pod) + "/log"
        let query = options.query
        // A followed log may be quiet for hours; only an explicit deadline (or cancellation) ends it.
        let limit = deadline ?? (options.follow ? 365 * 86_400 : configuration.requestTimeout * 4)
        let server = access.server
        let lines = ResponseLines(
            open: { try await self.open(path: path, query: query, purpose: purpose, deadline: Self.deadline(limit)) },
            maximumLineLength: configuration.maximumLogLineBytes, overflow: .truncate,
            describe: { TransportFailure.describe($0, purpose: purpose, server: server, timeout: Int(limit)) })
        return LogLines(lines: lines)
    }

    /// Streams a pod's log to `onLine`, on a task the caller may cancel; `onEnd` gets nil at a normal end.
    @discardableResult
    func streamLogs(pod: String, namespace: String, options: LogOptions = LogOptions(),
                    onLine: @escaping @Sendable (String) -> Void,
                    onEnd: @escaping @Sendable (KubernetesError?) -> Void = { _ in }) -> Task<Void, Never> {
        let lines = logs(pod: pod, namespace: namespace, options: options)
        return Task {
            do {
                for try await line in lines { onLine(line) }
                onEnd(nil)
            } catch let error as KubernetesError {
                onEnd(error)
            } catch {
                onEnd(Task.isCancelled ? nil : KubernetesError(.transport, "The log stream of \(pod) failed: \(error)"))
            }
        }
    }
}

/// A pod's log lines, decoded as UTF-8 (invalid bytes shown as U+FFFD).
package struct LogLines: AsyncSequence, Sendable {
    package typealias Element = String
    let lines: ResponseLines

    package func makeAsyncIterator() -> AsyncIterator { AsyncIterator(lines: lines.makeAsyncIterator()) }

    package struct AsyncIterator: AsyncIteratorProtocol {
        var lines: ResponseLines.AsyncIterator

        package mutating func next() async throws -> String? {
            try await lines.next().map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
