import Foundation

/// Why a crash-looping container died, in its own words: the last error-looking line of the
/// run before the current one (`kubectl logs --previous`).
public struct PreviousLogExcerpt: Sendable, Equatable, Codable {
    public var pod: String
    public var uid: String
    public var container: String
    /// The restart count the excerpt was read at; a higher count means a newer crash.
    public var restartCount: Int
    /// The cause line, cleaned of control characters; nil when the log had no line at all.
    public var causeLine: String?
    /// Why the log could not be read, as a sentence; nil when it was.
    public var error: String?
    public var readAt: Date

    public init(pod: String, uid: String, container: String, restartCount: Int, causeLine: String?, error: String? = nil, readAt: Date) {
        self.pod = pod
        self.uid = uid
        self.container = container
        self.restartCount = restartCount
        self.causeLine = causeLine
        self.error = error
        self.readAt = readAt
    }

    /// Longest cause line kept, in characters.
    public static let maximumLineLength = 300

    /// The last line that looks like an error (`ERROR`, `Exception`, `Traceback`, `panic:`,
    /// `FATAL`, `failed`...), else the last non-blank line; cleaned for the screen.
    public static func causeLine(in lines: [String]) -> String? {
        let cleaned = lines.map(clean).filter { !$0.isEmpty }
        return cleaned.last(where: looksLikeError) ?? cleaned.last
    }

    static func looksLikeError(_ line: String) -> Bool {
        let lower = line.lowercased()
        return ["error", "exception", "traceback", "panic", "fatal", "failed", "refused", "cannot ", "could not", "denied", "killed"]
            .contains { lower.contains($0) }
    }

    /// Removes escape sequences (CSI, OSC and the rest) and control characters, so log text
    /// can never drive the terminal, and cuts the line to ``maximumLineLength``.
    public static func clean(_ line: String) -> String {
        var result = ""
        var scalars = line.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:
                // ESC [ … final byte (CSI); ESC ] … BEL or ESC \ (OSC); ESC and one byte otherwise.
                guard let kind = scalars.next() else { break }
                if kind == "[" {
                    while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
                } else if kind == "]" || kind == "P" || kind == "_" || kind == "^" {
                    while let next = scalars.next() {
                        if next.value == 0x07 { break }
                        if next.value == 0x1B { _ = scalars.next(); break }
                    }
                }
            case 0x09:
                result.append(" ")
            case 0x00...0x1F, 0x7F...0x9F:
                continue
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        // A one-line summary: `ERROR:    Error loading …` as uvicorn aligns it needs no run of spaces.
        let trimmed = result.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return trimmed.count > maximumLineLength ? String(trimmed.prefix(maximumLineLength - 1)) + "…" : trimmed
    }
}
