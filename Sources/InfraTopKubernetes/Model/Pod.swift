import Foundation

/// A core/v1 Pod, as the API server serialises it.
package struct Pod: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty package var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty package var spec: PodSpec = PodSpec()
    @OmitEmpty package var status: PodStatus = PodStatus()

    package init(metadata: ObjectMeta = ObjectMeta(), spec: PodSpec = PodSpec(), status: PodStatus = PodStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    package static var emptyValue: Pod { Pod() }

    /// The spec of the container (init containers first) a status names.
    package func container(named name: String) -> Container? {
        spec.initContainers.first { $0.name == name } ?? spec.containers.first { $0.name == name }
    }

    /// Running, Ready and not being deleted: what a StatefulSet or ReplicaSet counts as a
    /// replica in service (the StatefulSet controller's `isRunningAndReady`).
    package var isRunningAndReady: Bool {
        status.phase == "Running" && status.isReady && metadata.deletionTimestamp == nil
    }
}

/// What a pod asks for: where it runs and which containers it has.
package struct PodSpec: Codable, Sendable, Equatable, OmittedWhenEmpty {
    /// Empty until the scheduler binds the pod to a node.
    @OmitEmpty package var nodeName: String = ""
    @OmitEmpty package var containers: [Container] = []
    @OmitEmpty package var initContainers: [Container] = []
    @OmitEmpty package var readinessGates: [PodReadinessGate] = []
    /// While any gate remains the scheduler leaves the pod alone (`SchedulingGated`).
    @OmitEmpty package var schedulingGates: [PodSchedulingGate] = []

    package init(
        nodeName: String = "",
        containers: [Container] = [],
        initContainers: [Container] = [],
        readinessGates: [PodReadinessGate] = [],
        schedulingGates: [PodSchedulingGate] = []
    ) {
        self.nodeName = nodeName
        self.containers = containers
        self.initContainers = initContainers
        self.readinessGates = readinessGates
        self.schedulingGates = schedulingGates
    }

    package static var emptyValue: PodSpec { PodSpec() }
}

/// One container of a pod spec.
package struct Container: Codable, Sendable, Equatable {
    @OmitEmpty package var name: String = ""
    @OmitEmpty package var image: String = ""
    @OmitEmpty package var env: [EnvVar] = []
    /// The ports it declares; a Service's named target port is looked up here.
    @OmitEmpty package var ports: [ContainerPort] = []
    /// Only its presence matters here: a container without one is ready as soon as it runs.
    package var readinessProbe: Probe?
    /// `Always` on an init container makes it a sidecar (a restartable init container).
    package var restartPolicy: String?
    /// Its requests and limits (`memory: 1Gi`), as the spec writes them.
    package var resources: ResourceRequirements?

    package init(name: String, image: String = "", env: [EnvVar] = [], ports: [ContainerPort] = [], readinessProbe: Probe? = nil,
                 restartPolicy: String? = nil, resources: ResourceRequirements? = nil) {
        self.name = name
        self.image = image
        self.env = env
        self.ports = ports
        self.readinessProbe = readinessProbe
        self.restartPolicy = restartPolicy
        self.resources = resources
    }

    /// True for a sidecar: an init container that keeps running beside the app containers.
    package var isRestartableInitContainer: Bool {
        restartPolicy == "Always"
    }
}

/// A container's requests and limits by resource name, as quantities (`memory: 1Gi`, `cpu: 500m`).
package struct ResourceRequirements: Codable, Sendable, Equatable {
    @OmitEmpty package var limits: [String: String] = [:]
    @OmitEmpty package var requests: [String: String] = [:]

    package init(limits: [String: String] = [:], requests: [String: String] = [:]) {
        self.limits = limits
        self.requests = requests
    }
}

/// A port a container declares.
package struct ContainerPort: Codable, Sendable, Equatable {
    @OmitEmpty package var name: String = ""
    @OmitEmpty package var containerPort: Int = 0

    package init(name: String = "", containerPort: Int) {
        self.name = name
        self.containerPort = containerPort
    }
}

/// An environment variable of a container. Values taken from a Secret or ConfigMap are
/// not resolved; `valueFrom` only records that the value comes from elsewhere.
package struct EnvVar: Codable, Sendable, Equatable {
    @OmitEmpty package var name: String = ""
    package var value: String?
    package var valueFrom: EnvVarSource?

    package init(name: String, value: String? = nil, valueFrom: EnvVarSource? = nil) {
        self.name = name
        self.value = value
        self.valueFrom = valueFrom
    }
}

/// Where an environment variable's value comes from. Its content is deliberately not
/// modelled: infratop must never hold or show a secret.
package struct EnvVarSource: Codable, Sendable, Equatable {
    package init() {}
    package init(from decoder: Decoder) throws {}
    package func encode(to encoder: Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }
    private enum NoKeys: CodingKey {}
}

/// A probe, kept only as "there is one": its handler and timings do not change what kubectl prints.
package struct Probe: Codable, Sendable, Equatable {
    init() {}
    package init(from decoder: Decoder) throws {}
    package func encode(to encoder: Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }
    private enum NoKeys: CodingKey {}
}

/// An extra condition that must be True before the pod counts as ready.
package struct PodReadinessGate: Codable, Sendable, Equatable {
    @OmitEmpty package var conditionType: String = ""

    package init(conditionType: String) { self.conditionType = conditionType }
}

/// A gate that holds the pod back from scheduling until something removes it.
package struct PodSchedulingGate: Codable, Sendable, Equatable {
    @OmitEmpty package var name: String = ""

    init(name: String) { self.name = name }
}
