import Foundation
import InfraTopBasics
import InfraTopKubernetes

/// The memory limit of the container mongod runs in, from the pod spec: what its resident memory
/// is weighed against.
package struct MongoMemoryLimit: Sendable, Equatable {
    /// The pod whose spec gave the limit.
    package var pod: String
    /// The limit as the spec writes it (`1Gi`), one line, bounded.
    package var text: String
    package var bytes: Double

    /// The limit of the pod MongoDB was reached through, else of the first pod of the `mongodb`
    /// component's workload; in that pod, the container named like the component, else the only
    /// container. Nil without Kubernetes data, such a pod, or a parsable memory limit.
    package init?(snapshot: Snapshot, components: [Component]) {
        guard let state = snapshot.kubernetes else { return nil }
        let pod: Pod?
        if case .pod(let name)? = snapshot.status(of: .mongodb).route {
            pod = state.pod(named: name)
        } else if let component = components.first(where: { $0.name == "mongodb" }) {
            pod = LogSource.workload(kind: component.workloadKind, name: component.workloadName).pods(in: state).first
        } else {
            pod = nil
        }
        guard let pod else { return nil }
        let containers = pod.spec.containers
        let container = containers.first { $0.name == "mongodb" || $0.name == "mongod" } ?? (containers.count == 1 ? containers.first : nil)
        guard let written = container?.resources?.limits["memory"], let bytes = Quantity.value(written), bytes > 0 else { return nil }
        self.pod = pod.metadata.name
        self.text = TerminalText.oneLine(written, maximumLength: 32)
        self.bytes = bytes
    }
}
