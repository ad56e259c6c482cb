import Foundation

/// What the kubelet and scheduler report about a pod.
public struct PodStatus: Codable, Sendable, Equatable, OmittedWhenEmpty {
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    @OmitEmpty public var phase: String = ""
    /// A CamelCase reason for the phase, such as `Evicted` or `NodeLost`.
    @OmitEmpty public var reason: String = ""
    @OmitEmpty public var message: String = ""
    @OmitEmpty public var conditions: [PodCondition] = []
    @OmitEmpty public var initContainerStatuses: [ContainerStatus] = []
    @OmitEmpty public var containerStatuses: [ContainerStatus] = []
    @Timestamp public var startTime: Date?

    public init(
        phase: String = "",
        reason: String = "",
        message: String = "",
        conditions: [PodCondition] = [],
        initContainerStatuses: [ContainerStatus] = [],
        containerStatuses: [ContainerStatus] = [],
        startTime: Date? = nil
    ) {
        self.phase = phase
        self.reason = reason
        self.message = message
        self.conditions = conditions
        self.initContainerStatuses = initContainerStatuses
        self.containerStatuses = containerStatuses
        self.startTime = startTime
    }

    public static var emptyValue: PodStatus { PodStatus() }

    /// The first condition of a type (`Ready`, `PodScheduled`, `Initialized`...), as the API keeps one per type.
    public func condition(_ type: String) -> PodCondition? {
        conditions.first { $0.type == type }
    }

    /// True when the `Ready` condition is True.
    public var isReady: Bool {
        conditions.contains { $0.type == "Ready" && $0.status == "True" }
    }
}

/// One of the pod's conditions (`PodScheduled`, `Initialized`, `ContainersReady`, `Ready`...).
public struct PodCondition: Codable, Sendable, Equatable {
    @OmitEmpty public var type: String = ""
    /// `True`, `False` or `Unknown`.
    @OmitEmpty public var status: String = ""
    @OmitEmpty public var reason: String = ""
    @OmitEmpty public var message: String = ""
    @Timestamp public var lastTransitionTime: Date?

    public init(type: String, status: String, reason: String = "", message: String = "", lastTransitionTime: Date? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }
}

/// The kubelet's report on one container.
public struct ContainerStatus: Codable, Sendable, Equatable {
    @OmitEmpty public var name: String = ""
    @OmitEmpty public var ready: Bool = false
    /// Nil when the kubelet has not said; sidecars count as running once started.
    public var started: Bool?
    @OmitEmpty public var restartCount: Int = 0
    @OmitEmpty public var state: ContainerState = ContainerState()
    /// The state before the last restart; its `terminated.finishedAt` dates the restart.
    @OmitEmpty public var lastState: ContainerState = ContainerState()
    @OmitEmpty public var image: String = ""

    public init(
        name: String,
        ready: Bool = false,
        started: Bool? = nil,
        restartCount: Int = 0,
        state: ContainerState = ContainerState(),
        lastState: ContainerState = ContainerState(),
        image: String = ""
    ) {
        self.name = name
        self.ready = ready
        self.started = started
        self.restartCount = restartCount
        self.state = state
        self.lastState = lastState
        self.image = image
    }
}

/// A container's state: at most one of running, waiting and terminated is set.
public struct ContainerState: Codable, Sendable, Equatable, OmittedWhenEmpty {
    public var running: Running?
    public var waiting: Waiting?
    public var terminated: Terminated?

    public init(running: Running? = nil, waiting: Waiting? = nil, terminated: Terminated? = nil) {
        self.running = running
        self.waiting = waiting
        self.terminated = terminated
    }

    public static var emptyValue: ContainerState { ContainerState() }

    /// The container runs.
    public struct Running: Codable, Sendable, Equatable {
        @Timestamp public var startedAt: Date?

        public init(startedAt: Date? = nil) { self.startedAt = startedAt }
    }

    /// The container does not run yet, or waits to be restarted (`CrashLoopBackOff`, `ImagePullBackOff`...).
    public struct Waiting: Codable, Sendable, Equatable {
        @OmitEmpty public var reason: String = ""
        @OmitEmpty public var message: String = ""

        public init(reason: String = "", message: String = "") {
            self.reason = reason
            self.message = message
        }
    }

    /// The container ran and stopped.
    public struct Terminated: Codable, Sendable, Equatable {
        @OmitEmpty public var exitCode: Int = 0
        @OmitEmpty public var signal: Int = 0
        @OmitEmpty public var reason: String = ""
        @OmitEmpty public var message: String = ""
        @Timestamp public var startedAt: Date?
        @Timestamp public var finishedAt: Date?

        public init(exitCode: Int = 0, signal: Int = 0, reason: String = "", message: String = "", startedAt: Date? = nil, finishedAt: Date? = nil) {
            self.exitCode = exitCode
            self.signal = signal
            self.reason = reason
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
        }
    }
}
