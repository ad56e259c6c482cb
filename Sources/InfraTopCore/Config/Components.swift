import InfraTopKubernetes

/// A part of the namespace the dashboard gives its own panel: an infrastructure component or a service.
package struct Component: Hashable, Sendable, Codable {
    package enum Role: String, Hashable, Sendable, Codable {
        case infrastructure
        case service
    }

    package enum WorkloadKind: String, Hashable, Sendable, Codable {
        case statefulSet = "StatefulSet"
        case deployment = "Deployment"
    }

    /// The name on screen, e.g. `kafka` or `order`.
    package var name: String
    package var role: Role
    package var workloadKind: WorkloadKind
    /// The workload's name in the namespace, e.g. `order-service`.
    package var workloadName: String
    /// When set, the workload is the one of `workloadKind` whose labels include all of these,
    /// whatever its name.
    package var workloadLabels: [String: String]?

    package init(name: String, role: Role, workloadKind: WorkloadKind, workloadName: String, workloadLabels: [String: String]? = nil) {
        self.name = name
        self.role = role
        self.workloadKind = workloadKind
        self.workloadName = workloadName
        self.workloadLabels = workloadLabels
    }

    /// Whether a workload's name and labels make it this component's.
    package func matches(name: String, labels: [String: String]) -> Bool {
        guard let wanted = workloadLabels else { return name == workloadName }
        return wanted.allSatisfy { labels[$0.key] == $0.value }
    }

    /// The components of e-commerce-saga, the cluster infratop was first built for.
    package static let eCommerceSaga: [Component] = [
        Component(name: "mongodb", role: .infrastructure, workloadKind: .statefulSet, workloadName: "mongodb"),
        Component(name: "zookeeper", role: .infrastructure, workloadKind: .statefulSet, workloadName: "zookeeper"),
        Component(name: "kafka", role: .infrastructure, workloadKind: .statefulSet, workloadName: "kafka"),
        Component(name: "redis", role: .infrastructure, workloadKind: .statefulSet, workloadName: "redis"),
        Component(name: "order", role: .service, workloadKind: .deployment, workloadName: "order-service"),
        Component(name: "inventory", role: .service, workloadKind: .deployment, workloadName: "inventory-service"),
        Component(name: "payment", role: .service, workloadKind: .deployment, workloadName: "payment-service"),
        Component(name: "shipping", role: .service, workloadKind: .deployment, workloadName: "shipping-service"),
        Component(name: "notification", role: .service, workloadKind: .deployment, workloadName: "notification-service"),
        Component(name: "saga-coordinator", role: .service, workloadKind: .deployment, workloadName: "saga-coordinator"),
    ]
}
