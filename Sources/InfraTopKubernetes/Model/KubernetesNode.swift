import Foundation

/// A v1 Node (named apart from Yams' `Node`), read only for what it offers the scheduler.
package struct KubernetesNode: Codable, Sendable, Equatable {
    package var metadata: ObjectMeta
    package var status: NodeStatus

    package init(metadata: ObjectMeta, status: NodeStatus = NodeStatus()) {
        self.metadata = metadata
        self.status = status
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        status = try container.decodeIfPresent(NodeStatus.self, forKey: .status) ?? NodeStatus()
    }
}

/// What a node has and what it offers pods: `allocatable` is capacity less the kubelet's reserves.
package struct NodeStatus: Codable, Sendable, Equatable {
    package var capacity: [String: String]
    package var allocatable: [String: String]

    package init(capacity: [String: String] = [:], allocatable: [String: String] = [:]) {
        self.capacity = capacity
        self.allocatable = allocatable
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        capacity = try container.decodeIfPresent([String: String].self, forKey: .capacity) ?? [:]
        allocatable = try container.decodeIfPresent([String: String].self, forKey: .allocatable) ?? [:]
    }
}
