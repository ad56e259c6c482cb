import Foundation
import InfraTopCore
import InfraTopUI
import InfraTopBasics
import InfraTopKafka
import InfraTopRedis
import InfraTopMongo
import InfraTopZooKeeper
import InfraTopKubernetes

/// One run of infratop: configuration, collectors and the store, shared by the dashboard,
/// `snapshot` and `check`.
@MainActor
package final class Session {
    package let configuration: Configuration
    package let themes: ThemeCycle
    package let glyphs: GlyphSet
    private let collectors: Collectors
    private let diagnosis: Diagnosis

    /// Why each source without a collector shows no data in this build: every source has one now.
    package static let notConnectedReasons: [SourceID: String] = [:]
    /// The kubeconfig context and namespace in use, once the kubeconfig is read.
    package private(set) var contextName = "none"
    package private(set) var namespace: String
    /// Appends every store change to a file when the dashboard runs with `--record`.
    package var recorder: Recorder?
    /// The client log streams use; nil when the kubeconfig could not be used.
    private var kubernetesClient: KubernetesClient?
    /// Why logs cannot be opened without a client.
    private var kubernetesRefusal = "Kubernetes is not connected"
    /// Tunnels through the API server to pods' ports; nil without a usable kubeconfig.
    private var tunnels: PodTunnels?

    package init(configuration: Configuration, themes: ThemeCycle, glyphs: GlyphSet) {
        self.configuration = configuration
        self.themes = themes
        self.glyphs = glyphs
        self.namespace = configuration.namespace
        self.diagnosis = Diagnosis(components: configuration.components)
        var store = Store(notConnectedReasons: Self.notConnectedReasons)
        store.historyCapacity = Store.historyCapacity(refreshInterval: configuration.refreshInterval)
        collectors = Collectors(store: store)
        addKubernetes()
        addKafka()
        addRedis()
        addMongo()
        addZooKeeper()
        collectors.onChange = { [weak self] in self?.storeChanged() }
    }

    /// Called on the main queue whenever a poll result changed the store.
    package var onChange: (() -> Void)?

    /// The assessment of the store as it last changed: derived once per poll result or watch
    /// event, not for every frame the clock or a key draws. Its ages are as of that change.
    private var assessment: Assessment?

    private func storeChanged() {
        assessment = nil
        recordChange()
        onChange?()
    }

    package func start() { collectors.start() }
    package func refreshNow() { collectors.refreshNow() }
    package func stop() {
        collectors.stop()
        recorder?.flush()
    }

    package func snapshot(at time: Date = Date()) -> Snapshot {
        collectors.store.snapshot(at: time, context: contextName, namespace: namespace, refreshInterval: configuration.refreshInterval)
    }

    package func frame(state: AppState, theme: Theme, at time: Date = Date()) -> Frame {
        let snapshot = snapshot(at: time)
        let assessment = assessment(of: snapshot)
        return Frame(snapshot: snapshot, assessment: assessment, components: configuration.components, state: state, theme: theme)
    }

    package func findings(at time: Date = Date()) -> [Finding] {
        diagnosis.findings(for: snapshot(at: time))
    }

    /// The assessment of `snapshot`: the one frames share when the store has not changed since,
    /// else made now (its ages as of `snapshot`).
    package func assessment(of snapshot: Snapshot) -> Assessment {
        if let assessment { return assessment }
        let made = Assessment(snapshot: snapshot, diagnosis: diagnosis)
        assessment = made
        return made
    }

    /// Starts following what the logs pane shows; throws a sentence when there is no cluster to ask.
    package func openLogs(_ pane: LogPaneState, onLines: @escaping @MainActor () -> Void) throws -> LogSession {
        guard let client = kubernetesClient else { throw LogsUnavailable(message: kubernetesRefusal) }
        let session = LogSession(
            client: client, namespace: namespace, source: pane.source, container: pane.container, previous: pane.previous,
            capacity: configuration.logMaxLines, onLines: onLines)
        if case .workload = pane.source, let state = snapshot().kubernetes {
            session.update(pods: pane.source.pods(in: state).map(\.metadata.name))
        }
        return session
    }

    package struct LogsUnavailable: Error {
        package var message: String
    }

    /// Polls every source once and returns when all have answered or `timeout` has passed.
    package func collectOnce(timeout: TimeInterval) async {
        await collectors.collectOnce(timeout: timeout)
    }

    /// Reads the kubeconfig as kubectl does and keeps a live cache of the namespace; a kubeconfig
    /// that cannot be used leaves Kubernetes not connected, with the reason.
    private func addKubernetes() {
        // $HOME as kubectl reads it, not the password database's home.
        let environment = ProcessInfo.processInfo.environment
        var loader = KubeconfigLoader(
            explicitPath: configuration.kubeconfigPath, context: configuration.context,
            namespace: configuration.isNamespaceExplicit ? configuration.namespace : nil,
            environment: environment, homeDirectory: environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        )
        loader.fallbackNamespace = Configuration.Defaults.namespace
        let access: ClusterAccess
        let client: KubernetesClient
        let tunnelDialer: PortForwardDialer
        do {
            access = try loader.load()
            client = try KubernetesClient(access: access)
            tunnelDialer = try PortForwardDialer(access: access, credentials: client.credentials)
        } catch {
            collectors.refuse(.kubernetes, reason: "\(error)")
            kubernetesRefusal = "Kubernetes not connected: \(error)"
            return
        }
        kubernetesClient = client
        contextName = access.contextName
        namespace = access.namespace
        let collector = KubernetesCollector(client: client, namespace: access.namespace)
        collector.start()
        tunnels = PodTunnels(dialer: tunnelDialer, client: client) {
            // The cache as it stands once listed; the last good state while it relists.
            let state = collector.currentState()
            return state.pods.isEmpty ? collector.lastGood : state
        }
        collectors.add(
            .kubernetes, interval: configuration.refreshInterval,
            poll: { collector.poll(completion: $0) },
            record: { store, state, time in store.record(state, at: time) },
            close: { Task { await collector.stop(); await client.shutdown() } }
        )
    }

    private func addKafka() {
        let kafkaSet = configuration.components.first { $0.name == "kafka" }?.workloadName ?? "kafka"
        let addresses = KafkaAddressMap(
            template: configuration.kafkaAddressTemplate, statefulSet: kafkaSet, namespace: namespace,
            firstBrokerID: configuration.kafkaFirstBrokerID
        )
        do {
            try addresses.validate()
        } catch {
            collectors.refuse(.kafka, reason: error.message)
            return
        }
        let reach = reach(for: "kafka")
        let collector = KafkaCollector(configuration: KafkaCollector.Configuration(
            bootstrap: configuration.kafkaBootstrap, addressMap: addresses, knownGroups: configuration.kafkaGroups,
            client: KafkaClient.Configuration(connection: KafkaConnection.Configuration(dialer: reach))
        ))
        collectors.add(
            .kafka, interval: configuration.refreshInterval,
            poll: { collector.poll(completion: $0) },
            record: { store, sample, time in
                store.record(sample, at: time)
                store.recordRoute(.kafka, reach.route(for: sample.metadataFrom))
            },
            close: { collector.close() }
        )
    }

    private func addZooKeeper() {
        let reach = reach(for: "zookeeper")
        let endpoint = configuration.zookeeper
        let collector = ZooKeeperCollector(configuration: ZooKeeperCollector.Configuration(endpoint: endpoint, dialer: reach))
        collectors.add(
            .zookeeper, interval: configuration.refreshInterval,
            poll: { collector.poll(completion: $0) },
            record: { store, sample, time in
                store.record(sample, at: time)
                store.recordRoute(.zookeeper, reach.route(for: endpoint))
            },
            close: { collector.close() }
        )
    }

    private func addRedis() {
        let endpoint: RedisEndpoint
        do {
            endpoint = try RedisEndpoint(url: configuration.redisURL, password: configuration.redisPassword?.revealed)
        } catch {
            collectors.refuse(.redis, reason: error.message)
            return
        }
        let reach = reach(for: "redis")
        let collector = RedisCollector(configuration: RedisCollector.Configuration(
            endpoint: endpoint, connection: RedisConnection.Configuration(dialer: reach)))
        let address = Endpoint(host: endpoint.host, port: endpoint.port)
        collectors.add(
            .redis, interval: configuration.refreshInterval,
            poll: { collector.poll(completion: $0) },
            record: { store, sample, time in
                store.record(sample, at: time)
                store.recordRoute(.redis, reach.route(for: address))
            },
            close: { collector.close() }
        )
    }

    private func addMongo() {
        let url: MongoURL
        do {
            url = try MongoURL(parsing: configuration.mongodbURL, password: configuration.mongodbPassword)
        } catch {
            collectors.refuse(.mongodb, reason: error.message)
            return
        }
        let reach = reach(for: "mongodb")
        let collector = MongoCollector(configuration: MongoCollector.Configuration(
            url: url, connection: MongoConnection.Configuration(dialer: reach)))
        let address = Endpoint(host: url.host, port: url.port)
        collectors.add(
            .mongodb, interval: configuration.refreshInterval,
            poll: { collector.poll(completion: $0) },
            record: { store, sample, time in
                store.record(sample, at: time)
                store.recordRoute(.mongodb, reach.route(for: address))
            },
            close: { collector.close() }
        )
    }

    /// How the named component's source connects: as `--reach` says, tunnelling to the
    /// component's pods when the API server is the way in.
    private func reach(for component: String) -> SourceReach {
        SourceReach(mode: configuration.reach, component: configuration.components.first { $0.name == component },
                    tunnels: tunnels, noTunnelsReason: kubernetesRefusal)
    }
}
