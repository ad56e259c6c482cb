import Foundation

/// A core/v1 Pod, as the API server serialises it.
public struct Pod: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty public var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty public var spec: PodSpec = PodSpec()
    @OmitEmpty public var status: PodStatus = PodStatus()

    public init(metadata: ObjectMeta = ObjectMeta(), spec: PodSpec = PodSpec(), status: PodStatus = PodStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public static var emptyValue: Pod { Pod() }

    /// Running, Ready and not being deleted: what a StatefulSet or ReplicaSet counts as a
    /// replica in service (the StatefulSet controller's `isRunningAndReady`).
    public var isRunningAndReady: Bool {
        status.phase == "Running" && status.isReady && metadata.deletionTimestamp == nil
    }
}

/// What a pod asks for: where it runs and which containers it has.
public struct PodSpec: Codable, Sendable, Equatable, OmittedWhenEmpty {
    /// Empty until the scheduler binds the pod to a node.
    @OmitEmpty public var nodeName: String = ""
    @OmitEmpty public var containers: [Container] = []
    @OmitEmpty public var initContainers: [Container] = []
    @OmitEmpty public var readinessGates: [PodReadinessGate] = []
    /// While any gate remains the scheduler leaves the pod alone (`SchedulingGated`).
    @OmitEmpty public var schedulingGates: [PodSchedulingGate] = []

    public init(
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

    public static var emptyValue: PodSpec { PodSpec() }
}

/// One container of a pod spec.
public struct Container: Codable, Sendable, Equatable {
    @OmitEmpty public var name: String = ""
    @OmitEmpty public var image: String = ""
    @OmitEmpty public var env: [EnvVar] = []
    /// The ports it declares; a Service's named target port is looked up here.
    @OmitEmpty public var ports: [ContainerPort] = []
    /// Only its presence matters here: a container without one is ready as soon as it runs.
    public var readinessProbe: Probe?
    /// `Always` on an init container makes it a sidecar (a restartable init container).
    public var restartPolicy: String?

    public init(name: String, image: String = "", env: [EnvVar] = [], ports: [ContainerPort] = [], readinessProbe: Probe? = nil,
                restartPolicy: String? = nil) {
        self.name = name
        self.image = image
        self.env = env
        self.ports = ports
        self.readinessProbe = readinessProbe
        self.restartPolicy = restartPolicy
    }

    /// True for a sidecar: an init container that keeps running beside the app containers.
    public var isRestartableInitContainer: Bool {
        restartPolicy == "Always"
    }
}

/// A port a container declares.
public struct ContainerPort: Codable, Sendable, Equatable {
    @OmitEmpty public var name: String = ""
    @OmitEmpty public var containerPort: Int = 0

    public init(name: String = "", containerPort: Int) {
        self.name = name
        self.containerPort = containerPort
    }
}

/// An environment variable of a container. Values taken from a Secret or ConfigMap are
/// not resolved; `valueFrom` only records that the value comes from elsewhere.
public struct EnvVar: Codable, Sendable, Equatable {
    @OmitEmpty public var name: String = ""
    public var value: String?
    public var valueFrom: EnvVarSource?

    public init(name: String, value: String? = nil, valueFrom: EnvVarSource? = nil) {
        self.name = name
        self.value = value
        self.valueFrom = valueFrom
    }
}

/// Where an environment variable's value comes from. Its content is deliberately not
/// modelled: infratop must never hold or show a secret.
public struct EnvVarSource: Codable, Sendable, Equatable {
    public init() {}
    public init(from decoder: Decoder) throws {}
    public func encode(to encoder: Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }
    private enum NoKeys: CodingKey {}
}

/// A probe, kept only as "there is one": its handler and timings do not change what kubectl prints.
public struct Probe: Codable, Sendable, Equatable {
    public init() {}
    public init(from decoder: Decoder) throws {}
    public func encode(to encoder: Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }
    private enum NoKeys: CodingKey {}
}

/// An extra condition that must be True before the pod counts as ready.
public struct PodReadinessGate: Codable, Sendable, Equatable {
    @OmitEmpty public var conditionType: String = ""

    public init(conditionType: String) { self.conditionType = conditionType }
}

/// A gate that holds the pod back from scheduling until something removes it.
public struct PodSchedulingGate: Codable, Sendable, Equatable {
    @OmitEmpty public var name: String = ""

    public init(name: String) { self.name = name }
}
