/// A kubeconfig (or in-cluster configuration) that cannot be used, as one sentence that names
/// the file and the key at fault.
///
/// Built only from file names, key paths and names of contexts, clusters and users, never from
/// values: a token or a client key can never reach the message.
public struct KubeconfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
