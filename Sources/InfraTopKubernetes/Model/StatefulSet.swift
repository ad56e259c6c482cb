import Foundation

/// An apps/v1 StatefulSet: pods with stable names `<name>-<ordinal>`.
public struct StatefulSet: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty public var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty public var spec: Spec = Spec()
    @OmitEmpty public var status: Status = Status()

    public init(metadata: ObjectMeta = ObjectMeta(), spec: Spec = Spec(), status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public static var emptyValue: StatefulSet { StatefulSet() }

    /// What the StatefulSet asks for.
    public struct Spec: Codable, Sendable, Equatable, OmittedWhenEmpty {
        /// Nil means the API default, 1 (see ``desiredReplicas``).
        public var replicas: Int?
        /// `OrderedReady` (the default when absent) or `Parallel`.
        @OmitEmpty public var podManagementPolicy: String = ""
        @OmitEmpty public var serviceName: String = ""
        @OmitEmpty public var selector: LabelSelector = LabelSelector()
        /// The first ordinal (`spec.ordinals.start`); nil means 0.
        public var ordinals: Ordinals?

        public init(replicas: Int? = nil, podManagementPolicy: String = "", serviceName: String = "", selector: LabelSelector = LabelSelector(), ordinals: Ordinals? = nil) {
            self.replicas = replicas
            self.podManagementPolicy = podManagementPolicy
            self.serviceName = serviceName
            self.selector = selector
            self.ordinals = ordinals
        }

        public static var emptyValue: Spec { Spec() }
    }

    /// Where the ordinals of its pod names start.
    public struct Ordinals: Codable, Sendable, Equatable {
        @OmitEmpty public var start: Int = 0

        public init(start: Int = 0) { self.start = start }
    }

    /// What the controller last counted.
    public struct Status: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty public var replicas: Int = 0
        @OmitEmpty public var readyReplicas: Int = 0
        @OmitEmpty public var currentReplicas: Int = 0
        @OmitEmpty public var updatedReplicas: Int = 0
        @OmitEmpty public var availableReplicas: Int = 0

        public init(replicas: Int = 0, readyReplicas: Int = 0, currentReplicas: Int = 0, updatedReplicas: Int = 0, availableReplicas: Int = 0) {
            self.replicas = replicas
            self.readyReplicas = readyReplicas
            self.currentReplicas = currentReplicas
            self.updatedReplicas = updatedReplicas
            self.availableReplicas = availableReplicas
        }

        public static var emptyValue: Status { Status() }
    }

    /// How many pods the StatefulSet wants; the API defaults an absent `replicas` to 1.
    public var desiredReplicas: Int { spec.replicas ?? 1 }

    /// True unless the policy is `Parallel`: pod N+1 is created only once pod N is Running and Ready.
    public var isOrderedReady: Bool { spec.podManagementPolicy != "Parallel" }

    /// The names of the pods it wants, in ordinal order: `kafka-0`, `kafka-1`, `kafka-2`.
    public var desiredPodNames: [String] {
        let start = spec.ordinals?.start ?? 0
        return (start..<(start + max(desiredReplicas, 0))).map { "\(metadata.name)-\($0)" }
    }
}
