import Foundation
import InfraTopKafka
import InfraTopKubernetes

/// Who consumes for a Kafka consumer group: its members' client hosts mapped to pods by pod IP,
/// and those pods to their workload and component. No other tool links a group to the
/// Deployment whose pods consume; here a crash-looping service's silent group is its story.
package struct GroupConsumers: Sendable, Equatable {
    package struct Member: Sendable, Equatable {
        package var clientID: String
        /// The client host as the broker saw it, without its leading `/`.
        package var host: String
        /// The pod whose IP that is, when Kubernetes knows one.
        package var pod: String?
        /// `Kind/name` of that pod's controller (Deployments by name).
        package var workload: String?
    }

    /// How the group's workload was found.
    package enum Basis: String, Sendable, Equatable {
        /// Its members' pods belong to the workload.
        case members
        /// It has no mapped members; the workload or component has the group's name.
        case name
    }

    package var group: String
    /// False when the brokers did not describe the group (no DescribeGroups): members unknown.
    package var membersKnown: Bool
    package var members: [Member]
    /// Members beyond the partitions of the topics the group commits to: they get no partition.
    package var idleMembers: Int
    /// `Deployment/order-service`; nil when neither members nor the name say.
    package var workload: String?
    /// The configured component that workload is, when it is one.
    package var component: String?
    package var basis: Basis?

    /// Each group of `sample`, joined to `state`'s pods and `components`.
    package static func all(sample: KafkaSample, state: KubernetesState?, components: [Component]) -> [GroupConsumers] {
        var byIP: [String: Pod] = [:]
        for pod in state?.pods ?? [] where !pod.status.podIP.isEmpty { byIP[pod.status.podIP] = pod }
        let replicaSets = state?.replicaSets ?? []
        return sample.groups.sorted { $0.id < $1.id }.map { group in
            let members = group.members.map { member -> Member in
                let host = member.clientHost.hasPrefix("/") ? String(member.clientHost.dropFirst()) : member.clientHost
                let pod = byIP[host]
                return Member(clientID: member.clientID, host: host, pod: pod?.metadata.name,
                              workload: pod.map { PodRow.owner(of: $0, replicaSets: replicaSets) }.flatMap { $0 == "<none>" ? nil : $0 })
            }
            let partitions = Set(group.committed.keys.map(\.topic)).map { sample.topic($0)?.partitions.count ?? 0 }.reduce(0, +)
            var consumers = GroupConsumers(
                group: group.id, membersKnown: group.state != nil || !group.members.isEmpty, members: members,
                idleMembers: partitions > 0 ? max(0, members.count - partitions) : 0)
            let workloads = Set(members.compactMap(\.workload))
            if workloads.count == 1, let workload = workloads.first {
                consumers.workload = workload
                consumers.basis = .members
            } else if workloads.isEmpty, let named = Self.named(group.id, components: components, state: state) {
                consumers.workload = named
                consumers.basis = .name
            }
            consumers.component = consumers.workload.flatMap { workload in
                components.first { "\($0.workloadKind.rawValue)/\($0.workloadName)" == workload }?.name
            }
            return consumers
        }
    }

    /// The workload a group is named after: a component's workload of that name, or whose
    /// component has it (`order` for group `order`), when Kubernetes has it.
    private static func named(_ group: String, components: [Component], state: KubernetesState?) -> String? {
        guard let component = components.first(where: { $0.workloadName == group || $0.name == group }) else { return nil }
        let exists = switch component.workloadKind {
        case .deployment: state?.deployments.contains { $0.metadata.name == component.workloadName } ?? false
        case .statefulSet: state?.statefulSets.contains { $0.metadata.name == component.workloadName } ?? false
        }
        return exists ? "\(component.workloadKind.rawValue)/\(component.workloadName)" : nil
    }
}
