import Foundation

/// One line of a recording (`--record FILE`): a whole snapshot as JSON, so any line can be read on
/// its own, with the format's version and the run that wrote it.
///
/// A file may hold several runs appended one after another; replay starts each run from an empty
/// store, as the dashboard did.
package struct RecordingLine: Sendable, Codable {
    /// The version this build writes and the newest it reads.
    package static let currentVersion = 1

    package var version: Int
    /// Identifies one run of `infratop --record`.
    package var run: String
    /// The snapshot's time as ISO 8601, for people reading the file; replay uses `snapshot.takenAt`.
    package var time: String
    package var snapshot: Snapshot

    package init(run: String, snapshot: Snapshot) {
        self.version = Self.currentVersion
        self.run = run
        self.time = snapshot.takenAt.formatted(.iso8601)
        self.snapshot = snapshot
    }

    private enum CodingKeys: String, CodingKey { case version, run, time, snapshot }

    package init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        guard version <= Self.currentVersion else {
            throw RecordingError("format version \(version) is newer than this infratop reads (\(Self.currentVersion)); replay it with a newer infratop")
        }
        run = try container.decode(String.self, forKey: .run)
        time = try container.decodeIfPresent(String.self, forKey: .time) ?? ""
        snapshot = try container.decode(Snapshot.self, forKey: .snapshot)
    }

    /// The line as written to the file, newline included. Times are kept as the exact `Date`
    /// values (seconds since 2001 as JSON numbers) so ages and rates replay to the digit.
    package func encoded() throws -> Data {
        var data = try Self.encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Reads one line of a recording; the error says what is wrong with it in a sentence.
    package static func decode(_ line: some DataProtocol) throws -> RecordingLine {
        do {
            return try JSONDecoder().decode(RecordingLine.self, from: Data(line))
        } catch let error as RecordingError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw RecordingError("not JSON: \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw RecordingError("missing \(Self.path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw RecordingError("unexpected value at \(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw RecordingError("missing value at \(Self.path(context.codingPath))")
        } catch {
            throw RecordingError("unreadable: \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// What is wrong with a recording or one of its lines, as a sentence.
package struct RecordingError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
