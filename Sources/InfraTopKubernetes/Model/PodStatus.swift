import Foundation

/// What the kubelet and scheduler report about a pod.
package struct PodStatus: Codable, Sendable, Equatable, OmittedWhenEmpty {
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    @OmitEmpty package var phase: String = ""
    /// A CamelCase reason for the phase, such as `Evicted` or `NodeLost`.
    @OmitEmpty package var reason: String = ""
    @OmitEmpty package var message: String = ""
    @OmitEmpty package var conditions: [PodCondition] = []
    @OmitEmpty package var initContainerStatuses: [ContainerStatus] = []
    @OmitEmpty package var containerStatuses: [ContainerStatus] = []
    @Timestamp package var startTime: Date?
    /// The pod's IP on the cluster network, once it has one: what a Kafka group member's client host is.
    @OmitEmpty package var podIP: String = ""

    package init(
        phase: String = "",
        reason: String = "",
        message: String = "",
        conditions: [PodCondition] = [],
        initContainerStatuses: [ContainerStatus] = [],
        containerStatuses: [ContainerStatus] = [],
        startTime: Date? = nil,
        podIP: String = ""
    ) {
        self.phase = phase
        self.reason = reason
        self.message = message
        self.conditions = conditions
        self.initContainerStatuses = initContainerStatuses
        self.containerStatuses = containerStatuses
        self.startTime = startTime
        self.podIP = podIP
    }

    package static var emptyValue: PodStatus { PodStatus() }

    /// The first condition of a type (`Ready`, `PodScheduled`, `Initialized`...), as the API keeps one per type.
    package func condition(_ type: String) -> PodCondition? {
        conditions.first { $0.type == type }
    }

    /// True when the `Ready` condition is True.
    package var isReady: Bool {
        conditions.contains { $0.type == "Ready" && $0.status == "True" }
    }
}

/// One of the pod's conditions (`PodScheduled`, `Initialized`, `ContainersReady`, `Ready`...).
package struct PodCondition: Codable, Sendable, Equatable {
    @OmitEmpty package var type: String = ""
    /// `True`, `False` or `Unknown`.
    @OmitEmpty package var status: String = ""
    @OmitEmpty package var reason: String = ""
    @OmitEmpty package var message: String = ""
    @Timestamp package var lastTransitionTime: Date?

    package init(type: String, status: String, reason: String = "", message: String = "", lastTransitionTime: Date? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }
}

/// The kubelet's report on one container.
package struct ContainerStatus: Codable, Sendable, Equatable {
    @OmitEmpty package var name: String = ""
    @OmitEmpty package var ready: Bool = false
    /// Nil when the kubelet has not said; sidecars count as running once started.
    package var started: Bool?
    @OmitEmpty package var restartCount: Int = 0
    @OmitEmpty package var state: ContainerState = ContainerState()
    /// The state before the last restart; its `terminated.finishedAt` dates the restart.
    @OmitEmpty package var lastState: ContainerState = ContainerState()
    @OmitEmpty package var image: String = ""

    package init(
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
package struct ContainerState: Codable, Sendable, Equatable, OmittedWhenEmpty {
    package var running: Running?
    package var waiting: Waiting?
    package var terminated: Terminated?

    package init(running: Running? = nil, waiting: Waiting? = nil, terminated: Terminated? = nil) {
        self.running = running
        self.waiting = waiting
        self.terminated = terminated
    }

    package static var emptyValue: ContainerState { ContainerState() }

    /// The container runs.
    package struct Running: Codable, Sendable, Equatable {
        @Timestamp package var startedAt: Date?

        package init(startedAt: Date? = nil) { self.startedAt = startedAt }
    }

    /// The container does not run yet, or waits to be restarted (`CrashLoopBackOff`, `ImagePullBackOff`...).
    package struct Waiting: Codable, Sendable, Equatable {
        @OmitEmpty package var reason: String = ""
        @OmitEmpty package var message: String = ""

        package init(reason: String = "", message: String = "") {
            self.reason = reason
            self.message = message
        }
    }

    /// The container ran and stopped.
    package struct Terminated: Codable, Sendable, Equatable {
        @OmitEmpty package var exitCode: Int = 0
        @OmitEmpty package var signal: Int = 0
        @OmitEmpty package var reason: String = ""
        @OmitEmpty package var message: String = ""
        @Timestamp package var startedAt: Date?
        @Timestamp package var finishedAt: Date?

        package init(exitCode: Int = 0, signal: Int = 0, reason: String = "", message: String = "", startedAt: Date? = nil, finishedAt: Date? = nil) {
            self.exitCode = exitCode
            self.signal = signal
            self.reason = reason
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
        }
    }
}
