/// A test's own server failed to start or answer; the sentence says which and why.
struct TestServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
