import AsyncHTTPClient
import NIOCore

/// The lines of a streamed response body, read as the consumer asks for them.
///
/// The request is sent on the first `next()`. Nothing is buffered beyond one HTTP chunk and one
/// unfinished line, and a slow consumer slows the server through TCP rather than growing memory.
/// Cancelling the consuming task ends the request.
struct ResponseLines: AsyncSequence, Sendable {
    typealias Element = [UInt8]

    let open: @Sendable () async throws -> HTTPClientResponse
    let maximumLineLength: Int
    let overflow: LineBuffer.Overflow
    /// Words a failure while reading the body.
    let describe: @Sendable (Error) -> KubernetesError

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(lines: self)
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let lines: ResponseLines
        private var body: HTTPClientResponse.Body.AsyncIterator?
        private var buffer: LineBuffer
        private var ready: [[UInt8]] = []
        private var readyIndex = 0
        private var finished = false

        init(lines: ResponseLines) {
            self.lines = lines
            self.buffer = LineBuffer(maximumLineLength: lines.maximumLineLength, overflow: lines.overflow)
        }

        mutating func next() async throws -> [UInt8]? {
            while true {
                if readyIndex < ready.count {
                    defer { readyIndex += 1 }
                    return ready[readyIndex]
                }
                if finished { return nil }
                ready.removeAll(keepingCapacity: true)
                readyIndex = 0
                if body == nil {
                    body = try await lines.open().body.makeAsyncIterator()
                }
                let chunk: ByteBuffer?
                do {
                    chunk = try await body?.next()
                } catch {
                    finished = true
                    throw lines.describe(error)
                }
                guard let chunk else {
                    finished = true
                    if let last = buffer.flush() { ready.append(last) }
                    continue
                }
                do {
                    ready = try buffer.append(chunk)
                } catch let error as LineBuffer.LineTooLong {
                    finished = true
                    throw KubernetesError(.invalidResponse, "A line of the stream is longer than \(error.limit >> 10) KiB; stopped reading it")
                }
            }
        }
    }
}
