import Foundation
import InfraTopBasics

/// Why a crash-looping container died, in its own words: the last error-looking line of the
/// run before the current one (`kubectl logs --previous`).
package struct PreviousLogExcerpt: Sendable, Equatable, Codable {
    package var pod: String
    package var uid: String
    package var container: String
    /// The restart count the excerpt was read at; a higher count means a newer crash.
    package var restartCount: Int
    /// The cause line, cleaned of control characters; nil when the log had no line at all.
    package var causeLine: String?
    /// Why the log could not be read, as a sentence; nil when it was.
    package var error: String?
    package var readAt: Date

    package init(pod: String, uid: String, container: String, restartCount: Int, causeLine: String?, error: String? = nil, readAt: Date) {
        self.pod = pod
        self.uid = uid
        self.container = container
        self.restartCount = restartCount
        self.causeLine = causeLine
        self.error = error
        self.readAt = readAt
    }

    /// Longest cause line kept, in characters.
    package static let maximumLineLength = 300

    /// The last line that looks like an error (`ERROR`, `Exception`, `Traceback`, `panic:`,
    /// `FATAL`, `failed`...), else the last non-blank line; cleaned for the screen.
    package static func causeLine(in lines: [String]) -> String? {
        let cleaned = lines.map(clean).filter { !$0.isEmpty }
        return cleaned.last(where: looksLikeError) ?? cleaned.last
    }

    static func looksLikeError(_ line: String) -> Bool {
        let lower = line.lowercased()
        return ["error", "exception", "traceback", "panic", "fatal", "failed", "refused", "cannot ", "could not", "denied", "killed"]
            .contains { lower.contains($0) }
    }

    /// The line as one plain line for the screen: escape sequences (7-bit and C1) and control
    /// characters removed, runs of spaces collapsed, cut to ``maximumLineLength`` (see
    /// ``TerminalText/oneLine(_:maximumLength:)``, the one sanitizer).
    package static func clean(_ line: String) -> String {
        TerminalText.oneLine(line, maximumLength: maximumLineLength)
    }
}
