import Foundation

/// A recording file, indexed: where each readable line is, its time and its run.
///
/// Lines are decoded again when replay needs them rather than kept decoded, so a long recording
/// costs its file mapping and a few words per line, not every snapshot in memory.
package struct Recording: Sendable {
    package struct Entry: Sendable, Equatable {
        /// The line's number in the file, from 1, for messages.
        package var lineNumber: Int
        package var run: String
        package var takenAt: Date
        fileprivate var range: Range<Int>
    }

    /// A line that could not be read, skipped by replay.
    package struct Problem: Sendable, Equatable, CustomStringConvertible {
        package var lineNumber: Int
        package var message: String
        package var description: String { "line \(lineNumber): \(message)" }
    }

    package private(set) var entries: [Entry] = []
    package private(set) var problems: [Problem] = []
    private let data: Data

    /// Reads a recording; every line that fails to decode is listed in `problems` and skipped.
    /// `visit` sees each readable line, in order, with its index in `entries`.
    package init(data: Data, visit: ((Int, RecordingLine) -> Void)? = nil) {
        self.data = data
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            lineNumber += 1
            let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            let range = start..<end
            start = end < data.endIndex ? end + 1 : end
            if data[range].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
            do {
                let line = try RecordingLine.decode(data[range])
                entries.append(Entry(lineNumber: lineNumber, run: line.run, takenAt: line.snapshot.takenAt, range: range))
                visit?(entries.count - 1, line)
            } catch {
                problems.append(Problem(lineNumber: lineNumber, message: (error as? RecordingError)?.message ?? "\(error)"))
            }
        }
    }

    /// Opens a recording file; an unreadable file is an error that names it.
    package init(path: String, visit: ((Int, RecordingLine) -> Void)? = nil) throws {
        // open(2) first for an errno a person can read ("No such file or directory").
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RecordingError("cannot read the recording \(path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        do {
            self.init(data: try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped), visit: visit)
        } catch {
            throw RecordingError("cannot read the recording \(path): \(error.localizedDescription)")
        }
    }

    package var count: Int { entries.count }

    /// The snapshot of entry `index`, decoded anew.
    package func line(at index: Int) throws -> RecordingLine {
        let entry = entries[index]
        do {
            return try RecordingLine.decode(data[entry.range])
        } catch {
            throw RecordingError("line \(entry.lineNumber): \(error)")
        }
    }
}
