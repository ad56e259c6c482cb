/// Why a tunnel to a pod's port through the API server could not be opened or broke: one
/// sentence a person can act on, naming the pod and the port. Never carries a credential.
package struct PortForwardError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The pod is not running (Pending, Failed...), so nothing listens in it.
        case podNotRunning
        /// No such pod in the namespace.
        case podAbsent
        /// The workload or Service has no Ready pod to reach.
        case noReadyPod
        /// RBAC refuses `create` on `pods/portforward`.
        case forbidden
        /// The API server refused the credentials.
        case unauthorized
        /// The tunnel opened but the container refused the port (kubelet's error channel).
        case refusedByContainer
        /// The API server answered something else than a WebSocket upgrade.
        case rejected
        /// Connecting, TLS, or the upgrade did not finish within its deadline.
        case timedOut
        /// The API server could not be reached at all.
        case unreachable
        /// The server broke the channel protocol (a frame too large, a bad port frame...).
        case protocolViolation
        /// Too many tunnels are open already.
        case tooManyTunnels
        /// Nothing names how to reach the cluster (no usable kubeconfig).
        case notConfigured
    }

    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }

    /// Whether the failure says something about a pod rather than about the way to the API
    /// server: such failures leave the choice between direct and tunnelled connections alone.
    package var isAboutPod: Bool {
        switch kind {
        case .podNotRunning, .podAbsent, .noReadyPod, .refusedByContainer: true
        default: false
        }
    }

    /// The Role rule that grants what infratop needs to open tunnels.
    package static let roleRule = #"- apiGroups: [""], resources: [pods/portforward], verbs: [create]"#
}
