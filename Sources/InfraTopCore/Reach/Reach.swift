import Foundation
import NIOCore
import InfraTopBasics
import InfraTopKubernetes

/// How infratop reaches Kafka, Redis and ZooKeeper (`--reach`, config `reach:`).
package enum ReachMode: String, Sendable, Codable, CaseIterable {
    /// Directly when the host resolves and connects within a short deadline, else through the
    /// API server; decided per source, and again after a failure.
    case auto
    /// TCP to the configured host only: inside the cluster, or with your own port-forwards.
    case direct
    /// Always through the API server's `pods/portforward`, as `kubectl port-forward` does.
    case api
}

/// How one source was reached on its last connection.
package enum ReachRoute: Sendable, Equatable, Codable, CustomStringConvertible {
    case direct
    /// Through the API server to this pod.
    case pod(String)

    /// `direct` or `via pod redis-0`, as panels show it.
    package var description: String {
        switch self {
        case .direct: "direct"
        case .pod(let name): "via pod \(name)"
        }
    }

    private enum CodingKeys: String, CodingKey { case via, pod }

    package init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .via) {
        case "pod": self = .pod(try container.decode(String.self, forKey: .pod))
        default: self = .direct
        }
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .direct:
            try container.encode("direct", forKey: .via)
        case .pod(let name):
            try container.encode("pod", forKey: .via)
            try container.encode(name, forKey: .pod)
        }
    }
}

/// The dialer of one source: direct, through a tunnel, or whichever works (``ReachMode/auto``).
///
/// In `auto` the first connection tries TCP with ``probeTimeout``; if the host does not resolve
/// or connect, the source is tunnelled from then on. A later failure that is not about a pod
/// (the API server unreachable, the direct host gone) makes the next connection decide again.
package final class SourceReach: Dialer {
    package let mode: ReachMode
    /// The source's workload, used when an endpoint names neither a pod nor a Service.
    package let component: Component?
    let probeTimeout: TimeAmount
    private let tunnels: PodTunnels?
    /// Why there are no tunnels, for `--reach api` without a usable kubeconfig.
    private let noTunnelsReason: String
    private let direct: any Dialer
    private let state = Locked<State>(State())

    private struct State {
        /// The choice in force; nil makes the next connection probe again.
        var decided: ReachMode?
        /// The last choice made, kept while the next is pending: connections opened under it
        /// (Kafka's bootstrap) stay in use, and Kafka must keep reaching brokers the same way.
        var lastDecided: ReachMode?
        var routes: [Endpoint: ReachRoute] = [:]
    }

    package init(mode: ReachMode, component: Component?, tunnels: PodTunnels?, noTunnelsReason: String = "Kubernetes is not connected",
                 direct: any Dialer = DirectDialer(), probeTimeout: TimeAmount = .milliseconds(1500)) {
        self.mode = mode
        self.component = component
        self.tunnels = tunnels
        self.noTunnelsReason = noTunnelsReason
        self.direct = direct
        self.probeTimeout = probeTimeout
    }

    /// A direct-only dialer, as sources had before tunnels.
    static let directOnly = SourceReach(mode: .direct, component: nil, tunnels: nil)

    /// True when connections go through the API server now (or will, in `api` mode): Kafka then
    /// reaches each broker at its pod instead of its advertised address.
    package var isTunnelling: Bool {
        switch mode {
        case .direct: false
        case .api: true
        case .auto: state.withLock { ($0.decided ?? $0.lastDecided) == .api }
        }
    }

    /// How `endpoint` was reached on its last successful connection.
    package func route(for endpoint: Endpoint) -> ReachRoute? {
        state.withLock { $0.routes[endpoint] }
    }

    package func connect(
        to endpoint: Endpoint, on eventLoop: any EventLoop, connectTimeout: TimeAmount,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel> {
        let decided: ReachMode? = switch mode {
        case .auto: state.withLock { $0.decided }
        default: mode
        }
        switch decided {
        case .direct?:
            return connectDirect(endpoint, on: eventLoop, connectTimeout: connectTimeout, initializer: initializer)
                .flatMapErrorThrowing { error in
                    self.forgetDecision()
                    throw error
                }
        case .api?:
            return connectThroughAPI(endpoint, on: eventLoop, connectTimeout: connectTimeout, initializer: initializer)
        case .auto?, nil:
            guard tunnels != nil else {
                return connectDirect(endpoint, on: eventLoop, connectTimeout: connectTimeout, initializer: initializer)
            }
            // A bare TCP probe decides: the protocol's handlers (some complete a promise of the
            // caller's when their channel closes) go only on the connection that is kept.
            let probe = min(connectTimeout, probeTimeout)
            let attempt = direct.connect(to: endpoint, on: eventLoop, connectTimeout: probe) { $0.eventLoop.makeSucceededVoidFuture() }
            let decided = eventLoop.makePromise(of: ReachMode.self)
            // The probe's deadline covers the name lookup too, which the connect timeout does not.
            let timer = eventLoop.scheduleTask(in: probe + .milliseconds(250)) { decided.succeed(.api) }
            attempt.whenComplete { result in
                timer.cancel()
                if case .success(let channel) = result { channel.close(promise: nil) }
                decided.succeed((try? result.get()) == nil ? .api : .direct)
            }
            return decided.futureResult.flatMap { choice in
                self.decide(choice)
                return self.connect(to: endpoint, on: eventLoop, connectTimeout: connectTimeout, initializer: initializer)
            }
        }
    }

    private func connectDirect(
        _ endpoint: Endpoint, on eventLoop: any EventLoop, connectTimeout: TimeAmount,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel> {
        direct.connect(to: endpoint, on: eventLoop, connectTimeout: connectTimeout, initializer: initializer).map { channel in
            self.state.withLock { $0.routes[endpoint] = .direct }
            return channel
        }
    }

    private func connectThroughAPI(
        _ endpoint: Endpoint, on eventLoop: any EventLoop, connectTimeout: TimeAmount,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel> {
        guard let tunnels else {
            return eventLoop.makeFailedFuture(PortForwardError(.notConfigured,
                "cannot tunnel to \(endpoint) through the Kubernetes API: \(noTunnelsReason)"))
        }
        return tunnels.connect(to: endpoint, component: component, on: eventLoop, connectTimeout: connectTimeout, initializer: initializer)
            .map { channel, pod in
                self.state.withLock { $0.routes[endpoint] = .pod(pod) }
                return channel
            }
            .flatMapErrorThrowing { error in
                if let error = error as? PortForwardError, !error.isAboutPod { self.forgetDecision() }
                throw error
            }
    }

    private func decide(_ choice: ReachMode) {
        guard mode == .auto else { return }
        state.withLock {
            $0.decided = choice
            $0.lastDecided = choice
        }
    }

    private func forgetDecision() {
        guard mode == .auto else { return }
        state.withLock { $0.decided = nil }
    }
}

/// Tunnels to the pods behind endpoints: an endpoint names a pod (`kafka-0:9092`, or
/// `kafka-0.kafka-headless.ns.svc.cluster.local:9092`), a Service (`redis:6379`), or neither,
/// and then the source's own workload stands for it.
package final class PodTunnels: Sendable {
    package let dialer: PortForwardDialer
    private let client: KubernetesClient?
    private let cache: @Sendable () -> KubernetesState?
    private let services = Locked<(fetchedAt: Date, services: [Service]?)?>(nil)
    /// How long a list of Services is trusted; they rarely change.
    static let serviceListLifetime: TimeInterval = 60

    /// `cache` returns the namespace's objects as last listed (nil while still listing);
    /// `client` lists Services, which need not be readable: without them a Service name
    /// stands for the source's workload.
    package init(dialer: PortForwardDialer, client: KubernetesClient?, cache: @escaping @Sendable () -> KubernetesState?) {
        self.dialer = dialer
        self.client = client
        self.cache = cache
    }

    /// Opens a tunnel to the pod and port `endpoint` stands for; succeeds with the channel and the pod's name.
    package func connect(
        to endpoint: Endpoint, component: Component?, on eventLoop: any EventLoop, connectTimeout: TimeAmount,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<(any Channel, String)> {
        eventLoop.makeFutureWithTask { try await self.target(for: endpoint, component: component).get() }
            .flatMap { target in
                self.dialer.connect(pod: target.pod, port: target.port, on: eventLoop, connectTimeout: connectTimeout, initializer: initializer)
                    .map { ($0, target.pod) }
            }
    }

    /// The pod and port `endpoint` stands for, or why none can be reached.
    package func target(for endpoint: Endpoint, component: Component?) async -> Result<PortForwardDialer.PodPort, PortForwardError> {
        guard let state = cache() else {
            return .failure(PortForwardError(.noReadyPod, "the pods of namespace \(dialer.namespace) are not listed yet, so \(endpoint) cannot be tunnelled to"))
        }
        let services = client == nil ? nil : await serviceList()
        return PodRoute.target(for: endpoint, in: state, services: services, component: component)
    }

    private func serviceList() async -> [Service]? {
        if let cached = services.withLock({ $0 }), Date().timeIntervalSince(cached.fetchedAt) < Self.serviceListLifetime {
            return cached.services
        }
        // Forbidden or failing: fall back to the workload, and ask again later.
        let listed = try? await client?.list(.services, namespace: dialer.namespace, as: Service.self).items
        services.withLock { $0 = (Date(), listed) }
        return listed
    }
}

/// Which pod and port an endpoint stands for, decided from listed objects only.
package enum PodRoute {
    package static func target(
        for endpoint: Endpoint, in state: KubernetesState, services: [Service]?, component: Component?
    ) -> Result<PortForwardDialer.PodPort, PortForwardError> {
        guard let name = leadingName(of: endpoint.host) else {
            return .failure(PortForwardError(.podAbsent,
                "\(endpoint.host) is an address, not a pod or Service name, so it can only be reached directly"))
        }
        if let pod = state.pod(named: name) {
            if let refusal = refusal(for: pod) { return .failure(refusal) }
            return .success(.init(pod: name, port: containerPort(of: pod, for: endpoint.port)))
        }
        if let service = services?.first(where: { $0.metadata.name == name }) {
            let pods = state.pods(selectedBy: service.spec.selector).filter { $0.metadata.deletionTimestamp == nil }
                .sorted { $0.metadata.name < $1.metadata.name }
            let servicePort = service.spec.ports.first { $0.port == endpoint.port } ?? (service.spec.ports.count == 1 ? service.spec.ports[0] : nil)
            return chooseReady(pods, what: "Service \(name)").map { pod in
                let port: Int = switch servicePort?.targetPort {
                case .number(let number)?: number
                case .name(let portName)?: pod.spec.containers.flatMap(\.ports).first { $0.name == portName }?.containerPort ?? endpoint.port
                case nil: servicePort?.port ?? endpoint.port
                }
                return .init(pod: pod.metadata.name, port: port)
            }
        }
        guard let component, !isOrdinalPod(name, of: component) else {
            // A StatefulSet's pod by ordinal (a Kafka broker's) is that pod or nothing: never another replica.
            return .failure(PortForwardError(.podAbsent, "no pod or Service named \(name) in namespace \(state.namespace)"))
        }
        let pods = LogSource.workload(kind: component.workloadKind, name: component.workloadName).pods(in: state)
        let kind = component.workloadKind == .statefulSet ? "StatefulSet" : "Deployment"
        return chooseReady(pods, what: "\(kind) \(component.workloadName)").map { pod in
            .init(pod: pod.metadata.name, port: containerPort(of: pod, for: endpoint.port))
        }
    }

    /// Whether `name` is `<statefulset>-<ordinal>` of the component's StatefulSet.
    static func isOrdinalPod(_ name: String, of component: Component) -> Bool {
        guard component.workloadKind == .statefulSet, name.hasPrefix(component.workloadName + "-") else { return false }
        let ordinal = name.dropFirst(component.workloadName.count + 1)
        return !ordinal.isEmpty && ordinal.allSatisfy(\.isASCII) && ordinal.allSatisfy(\.isNumber)
    }

    /// The pod's name from a host: its first label, unless the host is an IP address.
    static func leadingName(of host: String) -> String? {
        let trimmed = host.hasSuffix(".") ? String(host.dropLast()) : host
        if trimmed.contains(":") || trimmed.split(separator: ".").allSatisfy({ Int($0) != nil }) { return nil }
        return trimmed.split(separator: ".").first.map { String($0).lowercased() }
    }

    /// The port to forward in `pod` for a connection meant for `port`: that one if the pod
    /// declares it or declares nothing, else the pod's only declared port (a broker advertising
    /// another port than its container listens on, as behind a NodePort).
    static func containerPort(of pod: Pod, for port: Int) -> Int {
        let declared = pod.spec.containers.flatMap(\.ports).map(\.containerPort)
        if declared.isEmpty || declared.contains(port) { return port }
        return declared.count == 1 ? declared[0] : port
    }

    /// Why a pod cannot be tunnelled to, or nil when it runs.
    static func refusal(for pod: Pod) -> PortForwardError? {
        let name = pod.metadata.name
        if pod.metadata.deletionTimestamp != nil {
            return PortForwardError(.podNotRunning, "pod \(name) is terminating")
        }
        guard pod.status.phase == "Running" else {
            let phase = pod.status.phase.isEmpty ? "not running" : pod.status.phase
            var reason = ""
            if let scheduled = pod.status.condition("PodScheduled"), scheduled.status == "False", !scheduled.message.isEmpty {
                reason = " (\(TerminalText.oneLine(scheduled.message)))"
            }
            return PortForwardError(.podNotRunning, "pod \(name) is \(phase)\(reason): nothing runs there to tunnel to")
        }
        return nil
    }

    /// The first Ready pod by name, or why there is none.
    static func chooseReady(_ pods: [Pod], what: String) -> Result<Pod, PortForwardError> {
        if let ready = pods.first(where: \.isRunningAndReady) { return .success(ready) }
        guard !pods.isEmpty else { return .failure(PortForwardError(.noReadyPod, "\(what) has no pods to tunnel to")) }
        let states = pods.prefix(3).map { pod in
            "\(pod.metadata.name) \(pod.status.phase.isEmpty ? "unknown" : pod.status.phase)\(pod.status.phase == "Running" ? ", not ready" : "")"
        }
        return .failure(PortForwardError(.noReadyPod, "\(what) has no Ready pod to tunnel to: " + states.joined(separator: "; ")))
    }
}
