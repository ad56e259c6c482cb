import NIOCore

/// Splits a byte stream into lines, holding at most `maximumLineLength` bytes of an unfinished line.
///
/// A line that grows past the cap is either an error (a watch event must be whole) or cut short
/// and marked with how much was cut (a log line is still worth showing), as the owner chooses.
/// A cut line is held, at most the cap, until its end arrives, so the count is exact.
struct LineBuffer: Sendable {
    enum Overflow: Sendable { case fail, truncate }

    struct LineTooLong: Error, Sendable { var limit: Int }

    let maximumLineLength: Int
    let overflow: Overflow
    private var pending: [UInt8] = []
    /// True while the rest of an over-long line is being skipped.
    private var discarding = false
    /// The kept start of the over-long line being skipped, and how many bytes were skipped so far.
    private var cut: [UInt8] = []
    private var cutBytes = 0

    init(maximumLineLength: Int, overflow: Overflow) {
        self.maximumLineLength = maximumLineLength
        self.overflow = overflow
    }

    /// Appends bytes and returns the lines they complete, without their line ends.
    mutating func append(_ buffer: ByteBuffer) throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        buffer.withUnsafeReadableBytes { bytes in
            var start = bytes.startIndex
            while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if discarding {
                    cutBytes += newline - start
                    if bytes[start..<newline].last == UInt8(ascii: "\r") { cutBytes -= 1 }
                    lines.append(finishCut())
                } else {
                    pending.append(contentsOf: bytes[start..<newline])
                    if overflow == .truncate, pending.count > maximumLineLength {
                        // A long line that arrived whole in one chunk is cut like one that did not.
                        if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
                        cut = Array(pending.prefix(maximumLineLength))
                        cutBytes = pending.count - cut.count
                        pending.removeAll(keepingCapacity: true)
                        lines.append(finishCut())
                    } else {
                        lines.append(finish())
                    }
                }
                start = newline + 1
            }
            if discarding {
                cutBytes += bytes.endIndex - start
            } else {
                pending.append(contentsOf: bytes[start...])
            }
        }
        if pending.count > maximumLineLength {
            switch overflow {
            case .fail:
                throw LineTooLong(limit: maximumLineLength)
            case .truncate:
                cut = Array(pending.prefix(maximumLineLength))
                cutBytes = pending.count - cut.count
                pending.removeAll(keepingCapacity: false)
                discarding = true
            }
        }
        return lines
    }

    /// The last line when the stream ended without a newline.
    mutating func flush() -> [UInt8]? {
        if discarding { return finishCut() }
        guard !pending.isEmpty else { return nil }
        return finish()
    }

    private mutating func finishCut() -> [UInt8] {
        var line = cut
        line.append(contentsOf: Array("… \(cutBytes) bytes cut".utf8))
        cut.removeAll(keepingCapacity: false)
        cutBytes = 0
        discarding = false
        return line
    }

    private mutating func finish() -> [UInt8] {
        var line = pending
        pending.removeAll(keepingCapacity: true)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return line
    }
}
