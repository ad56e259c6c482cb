import Foundation
import InfraTopBasics

/// An apps/v1 StatefulSet: pods with stable names `<name>-<ordinal>`.
package struct StatefulSet: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty package var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty package var spec: Spec = Spec()
    @OmitEmpty package var status: Status = Status()

    package init(metadata: ObjectMeta = ObjectMeta(), spec: Spec = Spec(), status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    package static var emptyValue: StatefulSet { StatefulSet() }

    /// What the StatefulSet asks for.
    package struct Spec: Codable, Sendable, Equatable, OmittedWhenEmpty {
        /// Nil means the API default, 1 (see ``desiredReplicas``).
        package var replicas: Int?
        /// `OrderedReady` (the default when absent) or `Parallel`.
        @OmitEmpty package var podManagementPolicy: String = ""
        @OmitEmpty package var serviceName: String = ""
        @OmitEmpty package var selector: LabelSelector = LabelSelector()
        /// The first ordinal (`spec.ordinals.start`); nil means 0.
        package var ordinals: Ordinals?

        init(replicas: Int? = nil, podManagementPolicy: String = "", serviceName: String = "", selector: LabelSelector = LabelSelector(), ordinals: Ordinals? = nil) {
            self.replicas = replicas
            self.podManagementPolicy = podManagementPolicy
            self.serviceName = serviceName
            self.selector = selector
            self.ordinals = ordinals
        }

        package static var emptyValue: Spec { Spec() }
    }

    /// Where the ordinals of its pod names start.
    package struct Ordinals: Codable, Sendable, Equatable {
        @OmitEmpty package var start: Int = 0

        init(start: Int = 0) { self.start = start }
    }

    /// What the controller last counted.
    package struct Status: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty package var replicas: Int = 0
        @OmitEmpty package var readyReplicas: Int = 0
        @OmitEmpty package var currentReplicas: Int = 0
        @OmitEmpty package var updatedReplicas: Int = 0
        @OmitEmpty package var availableReplicas: Int = 0

        package init(replicas: Int = 0, readyReplicas: Int = 0, currentReplicas: Int = 0, updatedReplicas: Int = 0, availableReplicas: Int = 0) {
            self.replicas = replicas
            self.readyReplicas = readyReplicas
            self.currentReplicas = currentReplicas
            self.updatedReplicas = updatedReplicas
            self.availableReplicas = availableReplicas
        }

        package static var emptyValue: Status { Status() }
    }

    /// How many pods the StatefulSet wants; the API defaults an absent `replicas` to 1.
    package var desiredReplicas: Int { spec.replicas ?? 1 }

    /// True unless the policy is `Parallel`: pod N+1 is created only once pod N is Running and Ready.
    package var isOrderedReady: Bool { spec.podManagementPolicy != "Parallel" }

    /// The names of the pods it wants, in ordinal order: `kafka-0`, `kafka-1`, `kafka-2`; at most
    /// ``maximumNamedReplicas``, so a `replicas` of 2^31 from a broken server costs no more.
    package var desiredPodNames: [String] {
        let start = spec.ordinals?.start ?? 0
        let count = min(max(desiredReplicas, 0), Self.maximumNamedReplicas)
        let end = start.addingSaturated(count)
        return (start..<max(start, end)).map { "\(metadata.name)-\($0)" }
    }

    /// More replicas than any StatefulSet runs (the API allows 2^31); beyond it names are not made.
    package static let maximumNamedReplicas = 10_000
}
