/// A failure a person can act on: one sentence, never containing a secret.
package struct CollectorError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
