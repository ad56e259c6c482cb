import Foundation

/// An apps/v1 Deployment: interchangeable pods managed through ReplicaSets.
public struct Deployment: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty public var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty public var spec: Spec = Spec()
    @OmitEmpty public var status: Status = Status()

    public init(metadata: ObjectMeta = ObjectMeta(), spec: Spec = Spec(), status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public static var emptyValue: Deployment { Deployment() }

    /// What the Deployment asks for.
    public struct Spec: Codable, Sendable, Equatable, OmittedWhenEmpty {
        /// Nil means the API default, 1 (see ``desiredReplicas``).
        public var replicas: Int?
        @OmitEmpty public var selector: LabelSelector = LabelSelector()
        /// The pods it makes; read for their containers' environment.
        @OmitEmpty public var template: PodTemplateSpec = PodTemplateSpec()

        public init(replicas: Int? = nil, selector: LabelSelector = LabelSelector(), template: PodTemplateSpec = PodTemplateSpec()) {
            self.replicas = replicas
            self.selector = selector
            self.template = template
        }

        public static var emptyValue: Spec { Spec() }
    }

    /// What the controller last counted, and its conditions.
    public struct Status: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty public var replicas: Int = 0
        @OmitEmpty public var readyReplicas: Int = 0
        @OmitEmpty public var updatedReplicas: Int = 0
        @OmitEmpty public var availableReplicas: Int = 0
        @OmitEmpty public var unavailableReplicas: Int = 0
        @OmitEmpty public var conditions: [Condition] = []

        public init(replicas: Int = 0, readyReplicas: Int = 0, updatedReplicas: Int = 0, availableReplicas: Int = 0, unavailableReplicas: Int = 0, conditions: [Condition] = []) {
            self.replicas = replicas
            self.readyReplicas = readyReplicas
            self.updatedReplicas = updatedReplicas
            self.availableReplicas = availableReplicas
            self.unavailableReplicas = unavailableReplicas
            self.conditions = conditions
        }

        public static var emptyValue: Status { Status() }
    }

    /// `Available`, `Progressing` or `ReplicaFailure`, with why.
    public struct Condition: Codable, Sendable, Equatable {
        @OmitEmpty public var type: String = ""
        @OmitEmpty public var status: String = ""
        @OmitEmpty public var reason: String = ""
        @OmitEmpty public var message: String = ""
        @Timestamp public var lastUpdateTime: Date?
        @Timestamp public var lastTransitionTime: Date?

        public init(type: String, status: String, reason: String = "", message: String = "", lastUpdateTime: Date? = nil, lastTransitionTime: Date? = nil) {
            self.type = type
            self.status = status
            self.reason = reason
            self.message = message
            self.lastUpdateTime = lastUpdateTime
            self.lastTransitionTime = lastTransitionTime
        }
    }

    /// How many pods the Deployment wants; the API defaults an absent `replicas` to 1.
    public var desiredReplicas: Int { spec.replicas ?? 1 }

    /// The first condition of a type.
    public func condition(_ type: String) -> Condition? {
        status.conditions.first { $0.type == type }
    }
}

/// An apps/v1 ReplicaSet, read to walk from a pod to the Deployment that owns it.
public struct ReplicaSet: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty public var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty public var spec: Spec = Spec()
    @OmitEmpty public var status: Status = Status()

    public init(metadata: ObjectMeta = ObjectMeta(), spec: Spec = Spec(), status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public static var emptyValue: ReplicaSet { ReplicaSet() }

    /// What the ReplicaSet asks for.
    public struct Spec: Codable, Sendable, Equatable, OmittedWhenEmpty {
        public var replicas: Int?
        @OmitEmpty public var selector: LabelSelector = LabelSelector()

        public init(replicas: Int? = nil, selector: LabelSelector = LabelSelector()) {
            self.replicas = replicas
            self.selector = selector
        }

        public static var emptyValue: Spec { Spec() }
    }

    /// What the controller last counted.
    public struct Status: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty public var replicas: Int = 0
        @OmitEmpty public var readyReplicas: Int = 0
        @OmitEmpty public var availableReplicas: Int = 0

        public init(replicas: Int = 0, readyReplicas: Int = 0, availableReplicas: Int = 0) {
            self.replicas = replicas
            self.readyReplicas = readyReplicas
            self.availableReplicas = availableReplicas
        }

        public static var emptyValue: Status { Status() }
    }
}

/// The pod a workload stamps out (`spec.template`).
public struct PodTemplateSpec: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty public var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty public var spec: PodSpec = PodSpec()

    public init(metadata: ObjectMeta = ObjectMeta(), spec: PodSpec = PodSpec()) {
        self.metadata = metadata
        self.spec = spec
    }

    public static var emptyValue: PodTemplateSpec { PodTemplateSpec() }
}
