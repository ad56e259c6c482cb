/// A failure a person can act on: one sentence, never containing a secret.
public struct CollectorError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
