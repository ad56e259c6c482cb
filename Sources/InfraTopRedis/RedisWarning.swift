/// Something about a Redis server a person should look at, with how urgent it is.
package struct RedisWarning: Sendable, Hashable, CustomStringConvertible {
    package enum Severity: Int, Sendable, Hashable, Comparable {
        /// Worth watching; nothing fails yet.
        case warning = 1
        /// Data or writes are being lost, or will be soon.
        case critical = 2

        package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// What the warning is about, so views and rules can match on it without parsing the sentence.
    package enum Kind: String, Sendable, Hashable {
        case memoryNearLimit
        case evicting
        case writesWillFail
        case aofWriteFailing
        case rdbSaveFailing
        case fragmented
        case replicationLinkDown
    }

    package var kind: Kind
    package var severity: Severity
    /// One sentence: what is wrong and, where it helps, what follows from it.
    package var message: String

    package init(kind: Kind, severity: Severity, message: String) {
        self.kind = kind
        self.severity = severity
        self.message = message
    }

    package var description: String { message }
}
