import NIOCore

/// Splits a byte stream into lines, holding at most `maximumLineLength` bytes of an unfinished line.
///
/// A line that grows past the cap is either an error (a watch event must be whole) or cut short
/// and marked (a log line is still worth showing), as the owner chooses.
struct LineBuffer: Sendable {
    enum Overflow: Sendable { case fail, truncate }

    struct LineTooLong: Error, Sendable { var limit: Int }

    let maximumLineLength: Int
    let overflow: Overflow
    private var pending: [UInt8] = []
    /// True while the rest of an over-long line is being skipped.
    private var discarding = false

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
                    discarding = false
                } else {
                    pending.append(contentsOf: bytes[start..<newline])
                    lines.append(finish())
                }
                start = newline + 1
            }
            if !discarding { pending.append(contentsOf: bytes[start...]) }
        }
        if pending.count > maximumLineLength {
            switch overflow {
            case .fail:
                throw LineTooLong(limit: maximumLineLength)
            case .truncate:
                var cut = Array(pending.prefix(maximumLineLength))
                cut.append(contentsOf: Array("…".utf8))
                lines.append(cut)
                pending.removeAll(keepingCapacity: false)
                discarding = true
            }
        }
        return lines
    }

    /// The last line when the stream ended without a newline.
    mutating func flush() -> [UInt8]? {
        guard !pending.isEmpty, !discarding else { return nil }
        return finish()
    }

    private mutating func finish() -> [UInt8] {
        var line = pending
        pending.removeAll(keepingCapacity: true)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return line
    }
}
