/// A kubeconfig (or in-cluster configuration) that cannot be used, as one sentence that names
/// the file and the key at fault.
///
/// Built only from file names, key paths and names of contexts, clusters and users, never from
/// values: a token or a client key can never reach the message.
package struct KubeconfigError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
