import Foundation

/// An apps/v1 Deployment: interchangeable pods managed through ReplicaSets.
package struct Deployment: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty package var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty package var spec: Spec = Spec()
    @OmitEmpty package var status: Status = Status()

    package init(metadata: ObjectMeta = ObjectMeta(), spec: Spec = Spec(), status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    package static var emptyValue: Deployment { Deployment() }

    /// What the Deployment asks for.
    package struct Spec: Codable, Sendable, Equatable, OmittedWhenEmpty {
        /// Nil means the API default, 1 (see ``desiredReplicas``).
        package var replicas: Int?
        @OmitEmpty package var selector: LabelSelector = LabelSelector()
        /// The pods it makes; read for their containers' environment.
        @OmitEmpty package var template: PodTemplateSpec = PodTemplateSpec()

        init(replicas: Int? = nil, selector: LabelSelector = LabelSelector(), template: PodTemplateSpec = PodTemplateSpec()) {
            self.replicas = replicas
            self.selector = selector
            self.template = template
        }

        package static var emptyValue: Spec { Spec() }
    }

    /// What the controller last counted, and its conditions.
    package struct Status: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty package var replicas: Int = 0
        @OmitEmpty package var readyReplicas: Int = 0
        @OmitEmpty package var updatedReplicas: Int = 0
        @OmitEmpty package var availableReplicas: Int = 0
        @OmitEmpty package var unavailableReplicas: Int = 0
        @OmitEmpty package var conditions: [Condition] = []

        package init(replicas: Int = 0, readyReplicas: Int = 0, updatedReplicas: Int = 0, availableReplicas: Int = 0, unavailableReplicas: Int = 0, conditions: [Condition] = []) {
            self.replicas = replicas
            self.readyReplicas = readyReplicas
            self.updatedReplicas = updatedReplicas
            self.availableReplicas = availableReplicas
            self.unavailableReplicas = unavailableReplicas
            self.conditions = conditions
        }

        package static var emptyValue: Status { Status() }
    }

    /// `Available`, `Progressing` or `ReplicaFailure`, with why.
    package struct Condition: Codable, Sendable, Equatable {
        @OmitEmpty package var type: String = ""
        @OmitEmpty package var status: String = ""
        @OmitEmpty package var reason: String = ""
        @OmitEmpty package var message: String = ""
        @Timestamp package var lastUpdateTime: Date?
        @Timestamp package var lastTransitionTime: Date?

        init(type: String, status: String, reason: String = "", message: String = "", lastUpdateTime: Date? = nil, lastTransitionTime: Date? = nil) {
            self.type = type
            self.status = status
            self.reason = reason
            self.message = message
            self.lastUpdateTime = lastUpdateTime
            self.lastTransitionTime = lastTransitionTime
        }
    }

    /// How many pods the Deployment wants; the API defaults an absent `replicas` to 1.
    package var desiredReplicas: Int { spec.replicas ?? 1 }

    /// The first condition of a type.
    package func condition(_ type: String) -> Condition? {
        status.conditions.first { $0.type == type }
    }
}

/// An apps/v1 ReplicaSet, read to walk from a pod to the Deployment that owns it.
package struct ReplicaSet: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty package var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty package var spec: Spec = Spec()
    @OmitEmpty package var status: Status = Status()

    package init(metadata: ObjectMeta = ObjectMeta(), spec: Spec = Spec(), status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    package static var emptyValue: ReplicaSet { ReplicaSet() }

    /// What the ReplicaSet asks for.
    package struct Spec: Codable, Sendable, Equatable, OmittedWhenEmpty {
        package var replicas: Int?
        @OmitEmpty package var selector: LabelSelector = LabelSelector()

        init(replicas: Int? = nil, selector: LabelSelector = LabelSelector()) {
            self.replicas = replicas
            self.selector = selector
        }

        package static var emptyValue: Spec { Spec() }
    }

    /// What the controller last counted.
    package struct Status: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty package var replicas: Int = 0
        @OmitEmpty package var readyReplicas: Int = 0
        @OmitEmpty package var availableReplicas: Int = 0

        package init(replicas: Int = 0, readyReplicas: Int = 0, availableReplicas: Int = 0) {
            self.replicas = replicas
            self.readyReplicas = readyReplicas
            self.availableReplicas = availableReplicas
        }

        package static var emptyValue: Status { Status() }
    }
}

/// The pod a workload stamps out (`spec.template`).
package struct PodTemplateSpec: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty package var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty package var spec: PodSpec = PodSpec()

    package init(metadata: ObjectMeta = ObjectMeta(), spec: PodSpec = PodSpec()) {
        self.metadata = metadata
        self.spec = spec
    }

    package static var emptyValue: PodTemplateSpec { PodTemplateSpec() }
}
