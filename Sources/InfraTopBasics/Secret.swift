/// A password or token that must never reach the screen, a log line or an error message.
///
/// Its descriptions are redacted, so interpolating it by accident shows `<redacted>`.
package struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself, for the one place that sends it to a server.
    package let revealed: String

    package init(_ value: String) { self.revealed = value }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
    package var customMirror: Mirror { Mirror(self, children: [:]) }
}
