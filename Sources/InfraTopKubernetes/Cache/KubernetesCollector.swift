import Foundation
import InfraTopBasics

/// Keeps a live cache of one namespace (pods, StatefulSets, Deployments, ReplicaSets, events)
/// and answers polls from it without any I/O.
///
/// ``start()`` launches one reflector per resource; they list, watch and recover on their own, so
/// a collector survives the API server going away and coming back. A poll returns the current
/// ``KubernetesState`` when pods and every readable resource are synced and healthy, and otherwise
/// the first failure as a sentence, while ``lastGood`` keeps the last state returned for a stale
/// display. A resource other than pods that answers 403 or 404 is a ``ResourceGap`` in the state.
package final class KubernetesCollector: Sendable {
    package struct Configuration: Sendable {
        /// The newest events kept; older ones are dropped.
        var eventLimit: Int
        package var initialBackoff: TimeInterval
        package var maximumBackoff: TimeInterval
        package var watchTimeoutSeconds: Int
        /// Read the previous run's log of crash-looping containers for their cause line.
        package var readsPreviousLogs: Bool
        /// How long a poll that started such reads waits for them.
        var previousLogWait: TimeInterval
        /// Read the nodes' free memory and CPU while a pod cannot be scheduled.
        package var readsNodes: Bool

        package init(eventLimit: Int = 1000, initialBackoff: TimeInterval = 0.5, maximumBackoff: TimeInterval = 30,
                     watchTimeoutSeconds: Int = 290, readsPreviousLogs: Bool = true, previousLogWait: TimeInterval = 2,
                    readsNodes: Bool = true) {
            self.readsNodes = readsNodes
            self.previousLogWait = previousLogWait
            self.eventLimit = eventLimit
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
            self.watchTimeoutSeconds = watchTimeoutSeconds
            self.readsPreviousLogs = readsPreviousLogs
        }
    }

    package typealias Completion = @Sendable (Result<KubernetesState, CollectorError>) -> Void

    /// The resources watched, in the order failures are reported.
    package static let resources: [KubernetesResource] = [.pods, .statefulSets, .deployments, .replicaSets, .events]

    package let client: KubernetesClient
    package let namespace: String
    package let configuration: Configuration
    private let contents: Locked<CacheContents>
    private let runner = Locked<Task<Void, Never>?>(nil)
    private let good = Locked<KubernetesState?>(nil)
    /// What the last answer was made of and the revision it was given: the cache's revision and
    /// the previous-log excerpts and the nodes' room. An answer made of the same is given the same revision.
    private let published = Locked<(cacheRevision: Int, previousLogs: [PreviousLogExcerpt], nodeRooms: NodeRooms?, revision: Int)?>(nil)
    private let previousLogs: PreviousLogReader?
    private let nodeRooms: NodeRoomReader?

    package init(client: KubernetesClient, namespace: String? = nil, configuration: Configuration = Configuration()) {
        self.client = client
        self.namespace = namespace ?? client.access.namespace
        self.configuration = configuration
        self.contents = Locked(CacheContents(eventLimit: configuration.eventLimit))
        self.previousLogs = configuration.readsPreviousLogs ? PreviousLogReader(client: client, namespace: namespace ?? client.access.namespace) : nil
        self.nodeRooms = configuration.readsNodes ? NodeRoomReader(client: client, namespace: namespace ?? client.access.namespace) : nil
    }

    /// A collector with its own client for `access`; ``stop()`` leaves the client open, so call
    /// `client.shutdown()` when done.
    package convenience init(access: ClusterAccess, namespace: String? = nil, configuration: Configuration = Configuration(),
                             clientConfiguration: KubernetesClient.Configuration = KubernetesClient.Configuration()) throws {
        self.init(client: try KubernetesClient(access: access, configuration: clientConfiguration), namespace: namespace,
                  configuration: configuration)
    }

    /// Starts listing and watching; calling it again does nothing.
    package func start() {
        runner.withLock { task in
            guard task == nil else { return }
            let timing = ReflectorTiming(initialBackoff: configuration.initialBackoff, maximumBackoff: configuration.maximumBackoff,
                                               watchTimeoutSeconds: configuration.watchTimeoutSeconds)
            let client = client, namespace = namespace, contents = contents
            task = Task {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await Reflector(client: client, resource: .pods, namespace: namespace, store: \CacheContents.pods, contents: contents, timing: timing).run() }
                    group.addTask { await Reflector(client: client, resource: .statefulSets, namespace: namespace, store: \CacheContents.statefulSets, contents: contents, timing: timing).run() }
                    group.addTask { await Reflector(client: client, resource: .deployments, namespace: namespace, store: \CacheContents.deployments, contents: contents, timing: timing).run() }
                    group.addTask { await Reflector(client: client, resource: .replicaSets, namespace: namespace, store: \CacheContents.replicaSets, contents: contents, timing: timing).run() }
                    group.addTask { await Reflector(client: client, resource: .events, namespace: namespace, store: \CacheContents.events, contents: contents, timing: timing).run() }
                }
            }
        }
    }

    /// Stops every list and watch and waits for them to end. The client stays open.
    package func stop() async {
        let task = runner.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    /// Answers from the cache. When that starts reads of crash-looping containers' previous logs,
    /// it waits for them up to `previousLogWait` seconds so the answer carries their cause lines
    /// (`infratop check` polls once); otherwise `completion` runs before this returns.
    package func poll(completion: @escaping Completion) {
        let result = currentResult()
        guard isReading, case .success = result else {
            completion(result)
            return
        }
        let deadline = Date().addingTimeInterval(configuration.previousLogWait)
        Task {
            var result = result
            // A finished read can let the next one start (two run at a time), so look again.
            while self.isReading, Date() < deadline {
                try? await Task.sleep(for: .milliseconds(50))
                if !self.isReading { result = self.currentResult() }
            }
            completion(result)
        }
    }

    /// Whether a previous-log or node read is running.
    private var isReading: Bool { previousLogs?.isReading == true || nodeRooms?.isReading == true }

    /// The current state if every resource is synced and healthy, else the first problem as a sentence.
    package func currentResult(at now: Date = Date()) -> Result<KubernetesState, CollectorError> {
        var (state, problem, cacheRevision) = contents.withLock { contents -> (KubernetesState, CollectorError?, Int) in
            (makeState(&contents, at: now), firstProblem(contents), contents.revision)
        }
        if let problem { return .failure(problem) }
        state.previousLogs = previousLogs?.excerpts(for: state.crashLoopingPods, at: now) ?? []
        state.nodeRooms = nodeRooms?.rooms(needed: state.hasUnschedulablePods, pods: state.pods, at: now)
        state.revision = published.withLock { published in
            if let last = published, last.cacheRevision == cacheRevision, last.previousLogs == state.previousLogs,
               last.nodeRooms == state.nodeRooms { return last.revision }
            let revision = (published?.revision ?? 0) + 1
            published = (cacheRevision, state.previousLogs, state.nodeRooms, revision)
            return revision
        }
        good.withLock { $0 = state }
        return .success(state)
    }

    /// The state the last successful poll returned, kept while the API server is unreachable.
    package var lastGood: KubernetesState? { good.withLock { $0 } }

    /// The cache as it is, synced or not; for views that show what is known while connecting.
    package func currentState(at now: Date = Date()) -> KubernetesState {
        contents.withLock { makeState(&$0, at: now) }
    }

    /// How many lists each resource has made (the first included); tests see relists with it.
    package func listCount(of resource: KubernetesResource) -> Int {
        contents.withLock { $0.health[resource]?.relists ?? 0 }
    }

    /// The first failure that leaves the namespace unreadable, or the first resource still listing.
    /// Pods are the dashboard; any other resource that is forbidden or not served is a gap, not a failure.
    private func firstProblem(_ contents: CacheContents) -> CollectorError? {
        let gapped = Set(Self.gaps(contents).map(\.resource))
        for resource in Self.resources where !gapped.contains(resource.plural) {
            if let failure = contents.health[resource]?.failure { return failure.collectorError }
        }
        for resource in Self.resources where !gapped.contains(resource.plural) && contents.health[resource]?.synced != true {
            return CollectorError("Still listing \(resource.plural) in namespace \(namespace) from \(client.access.server) (context \(client.access.contextName))")
        }
        return nil
    }

    /// The resources other than pods whose latest answer was 403 or 404.
    private static func gaps(_ contents: CacheContents) -> [ResourceGap] {
        resources.filter { $0 != .pods }.compactMap { resource in
            contents.health[resource]?.failure.flatMap { ResourceGap(resource: resource, failure: $0) }
        }
    }

    /// The cache as a state, made anew only when the cache has changed since the last one; a
    /// resource that has become a gap shows nothing rather than what it held before it was forbidden.
    private func makeState(_ contents: inout CacheContents, at now: Date) -> KubernetesState {
        if let made = contents.made, made.revision == contents.revision {
            var state = made.state
            state.takenAt = now
            return state
        }
        let state = makeFreshState(contents, at: now)
        contents.made = (contents.revision, state)
        return state
    }

    private func makeFreshState(_ contents: CacheContents, at now: Date) -> KubernetesState {
        let gaps = Self.gaps(contents)
        let gapped = Set(gaps.map(\.resource))
        func readable<Object>(_ resource: KubernetesResource, _ items: [Object]) -> [Object] {
            gapped.contains(resource.plural) ? [] : items
        }
        let events = contents.events.objects.values.sorted {
            ($0.lastSeen ?? .distantPast, $0.metadata.name) < ($1.lastSeen ?? .distantPast, $1.metadata.name)
        }
        var state = KubernetesState(
            takenAt: now, context: client.access.contextName, namespace: namespace,
            pods: contents.pods.items, statefulSets: readable(.statefulSets, contents.statefulSets.items),
            deployments: readable(.deployments, contents.deployments.items),
            replicaSets: readable(.replicaSets, contents.replicaSets.items), events: readable(.events, events),
            resourceVersions: [
                KubernetesResource.pods.plural: contents.pods.resourceVersion,
                KubernetesResource.statefulSets.plural: contents.statefulSets.resourceVersion,
                KubernetesResource.deployments.plural: contents.deployments.resourceVersion,
                KubernetesResource.replicaSets.plural: contents.replicaSets.resourceVersion,
                KubernetesResource.events.plural: contents.events.resourceVersion,
            ],
            lastEventAt: contents.lastEventAt)
        state.gaps = gaps
        return state
    }
}
