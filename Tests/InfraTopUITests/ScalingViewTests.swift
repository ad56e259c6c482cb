import Foundation
import InfraTopCore
import Testing
@testable import InfraTopUI
@testable import InfraTopKubernetes

/// The Scaling view for the lab's scenario: kafka 1/3 (kafka-1 unschedulable, kafka-2 held back
/// by OrderedReady), order-service crash-looping on its ASGI import, a payment replica that
/// dipped ten minutes ago.
@Suite struct ScalingViewTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static let now = ScreenTests.now
    static let scheduler = "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
    static let crashLine = #"ERROR:    Error loading ASGI app. Could not import module "app.main"."#

    static func statefulSet(_ name: String, desired: Int, ready: Int, current: Int? = nil) -> StatefulSet {
        StatefulSet(metadata: ObjectMeta(name: name, namespace: "e-commerce-saga"),
                    spec: .init(replicas: desired, podManagementPolicy: "OrderedReady"),
                    status: .init(replicas: current ?? ready, readyReplicas: ready, currentReplicas: current ?? ready, updatedReplicas: current ?? ready))
    }

    static func deployment(_ name: String, desired: Int, ready: Int) -> Deployment {
        Deployment(metadata: ObjectMeta(name: name, namespace: "e-commerce-saga"),
                   spec: .init(replicas: desired, selector: LabelSelector(matchLabels: ["app": name])),
                   status: .init(replicas: desired, readyReplicas: ready, updatedReplicas: desired))
    }

    static func pods() -> [Pod] {
        let kafka0 = Pod(
            metadata: ObjectMeta(name: "kafka-0", namespace: "e-commerce-saga", uid: "k0", creationTimestamp: now.addingTimeInterval(-182_900)),
            spec: PodSpec(nodeName: "saga-worker-3", containers: [Container(name: "kafka")]),
            status: PodStatus(phase: "Running", conditions: [PodCondition(type: "Ready", status: "True")],
                              containerStatuses: [ContainerStatus(name: "kafka", ready: true, state: ContainerState(running: .init()))]))
        let kafka1 = Pod(
            metadata: ObjectMeta(name: "kafka-1", namespace: "e-commerce-saga", uid: "k1", creationTimestamp: now.addingTimeInterval(-840)),
            spec: PodSpec(containers: [Container(name: "kafka")]),
            status: PodStatus(phase: "Pending", conditions: [
                PodCondition(type: "PodScheduled", status: "False", reason: "Unschedulable", message: scheduler,
                             lastTransitionTime: now.addingTimeInterval(-840)),
            ]))
        let order = Pod(
            metadata: ObjectMeta(name: "order-service-6d4f9c7b8-x2x7q", namespace: "e-commerce-saga", uid: "o1",
                                 creationTimestamp: now.addingTimeInterval(-3980), labels: ["app": "order-service"]),
            spec: PodSpec(nodeName: "saga-worker-2", containers: [Container(name: "order-service")]),
            status: PodStatus(
                phase: "Running",
                conditions: [PodCondition(type: "Ready", status: "False", reason: "ContainersNotReady",
                                          lastTransitionTime: now.addingTimeInterval(-3975))],
                containerStatuses: [ContainerStatus(
                    name: "order-service", restartCount: 17,
                    state: ContainerState(waiting: .init(reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=order-service")),
                    lastState: ContainerState(terminated: .init(exitCode: 1, reason: "Error",
                                                                startedAt: now.addingTimeInterval(-97), finishedAt: now.addingTimeInterval(-95))))],
                startTime: now.addingTimeInterval(-3978)))
        let running = [("mongodb-0", "mongodb"), ("zookeeper-0", "zookeeper"), ("redis-0", "redis")].map { runningPod($0.0, app: $0.1) }
            + [("inventory-service", 1), ("payment-service", 3), ("shipping-service", 2), ("notification-service", 1), ("saga-coordinator", 2)]
            .flatMap { app, count in (0..<count).map { runningPod("\(app)-7c9d8-\($0)", app: app) } }
        return [kafka0, kafka1, order] + running
    }

    static func runningPod(_ name: String, app: String) -> Pod {
        Pod(metadata: ObjectMeta(name: name, namespace: "e-commerce-saga", uid: name, labels: ["app": app]),
            spec: PodSpec(nodeName: "saga-worker-1", containers: [Container(name: app)]),
            status: PodStatus(phase: "Running", conditions: [PodCondition(type: "Ready", status: "True")],
                              containerStatuses: [ContainerStatus(name: app, ready: true, state: ContainerState(running: .init()))]))
    }

    static func state(at time: Date, paymentReady: Int = 3) -> KubernetesState {
        var state = KubernetesState(
            takenAt: time, context: "lab", namespace: "e-commerce-saga", pods: pods(),
            statefulSets: [
                statefulSet("mongodb", desired: 1, ready: 1), statefulSet("zookeeper", desired: 1, ready: 1),
                statefulSet("kafka", desired: 3, ready: 1, current: 2), statefulSet("redis", desired: 1, ready: 1),
            ],
            deployments: [
                deployment("order-service", desired: 1, ready: 0), deployment("inventory-service", desired: 1, ready: 1),
                deployment("payment-service", desired: 3, ready: paymentReady), deployment("shipping-service", desired: 2, ready: 2),
                deployment("notification-service", desired: 1, ready: 1), deployment("saga-coordinator", desired: 2, ready: 2),
            ])
        state.previousLogs = [PreviousLogExcerpt(
            pod: "order-service-6d4f9c7b8-x2x7q", uid: "o1", container: "order-service", restartCount: 17,
            causeLine: crashLine, readAt: time)]
        return state
    }

    /// Polls every 2 s for the last 20 minutes, payment down one replica between 10 and 8 minutes ago.
    static func snapshot() -> Snapshot {
        var store = Store(notConnectedReasons: [:])
        store.historyCapacity = 600
        for second in stride(from: -1200, through: 0, by: 2) {
            let time = now.addingTimeInterval(Double(second))
            store.record(state(at: time, paymentReady: (-600 ... -480).contains(second) ? 2 : 3), at: time)
        }
        return store.snapshot(at: now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
    }

    @Test func showsTheTimelineHowLongEachReplicaIsMissingAndWhy() {
        var state = AppState()
        state.view = .scaling
        let screen = ScreenTests.render(Self.snapshot(), state: state, width: 150, height: 40)
        expectScreen(screen, [
            " infratop  1 Overview  2 Pods  3 Kafka  4 Redis  5 Logs  6 Scaling  7 MongoDB                                                 2 critical · 6 warnings ",
            "┌ Workloads ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────── live ┐",
            "│ mongodb               StatefulSet desired 1  current 1  ready 1  updated 1  ████████████████████████████████████████████████████████████ last 20m  │",
            "│ zookeeper             StatefulSet desired 1  current 1  ready 1  updated 1  ████████████████████████████████████████████████████████████ last 20m  │",
            "│ kafka                 StatefulSet desired 3  current 2  ready 1  updated 2  ▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃ last 20m  │",
            "│   kafka-1 Pending, missing 14m (pod created, never started): FailedScheduling: 0/3 nodes are available: 3 Insufficient memory. preemption: 0/3     │",
            "│   nodes are available: 3 No preemption victims found for incoming pod.                                                                             │",
            "│   kafka-2 not created, missing at least 19m (all of infratop's history): OrderedReady: waits for kafka-1 to be Running and Ready                   │",
            "│ redis                 StatefulSet desired 1  current 1  ready 1  updated 1  ████████████████████████████████████████████████████████████ last 20m  │",
            "│ order-service         Deployment  desired 1  current 1  ready 0  updated 1  ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁ last 20m  │",
            "│   order-service-6d4f9c7b8-x2x7q CrashLoopBackOff, missing 66m (Ready condition False): ERROR:    Error loading ASGI app. Could not import module   │",
            "│   \"app.main\". (previous run's log)                                                                                                                 │",
            "│ inventory-service     Deployment  desired 1  current 1  ready 1  updated 1  ████████████████████████████████████████████████████████████ last 20m  │",
            "│ payment-service       Deployment  desired 3  current 3  ready 3  updated 3  ██████████████████████████████▅▅▅▅▅▅▅███████████████████████ last 20m  │",
            "│ shipping-service      Deployment  desired 2  current 2  ready 2  updated 2  ████████████████████████████████████████████████████████████ last 20m  │",
            "│ notification-service  Deployment  desired 1  current 1  ready 1  updated 1  ████████████████████████████████████████████████████████████ last 20m  │",
            "│ saga-coordinator      Deployment  desired 2  current 2  ready 2  updated 2  ████████████████████████████████████████████████████████████ last 20m  │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "└────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘",
            "┌ Events (0) ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┐",
            "│ LAST SEEN TYPE    REASON             OBJECT                             COUNT MESSAGE                                                              │",
            "│                                                            no events in e-commerce-saga                                                            │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "│                                                                                                                                                    │",
            "└────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘",
            " ctx lab ns e-commerce-saga 11:06:40 every 2s  k8s 0s kafka off zk off redis off mongo off                                                            ",
            " q quit  ? help  1-7 views  tab focus  / filter  enter open  esc back  t theme  r refresh                                                             ",
        ])
    }
}

extension ScalingViewTests {
    /// One poll so far: the newest column alone is drawn, the rest of the hour stays blank.
    @Test func bigCountsAreNeverCutAndANarrowPanelDropsTheTimeline() {
        let catalog = Component(name: "catalog", role: .service, workloadKind: .deployment, workloadName: "catalog-service")
        var store = Store(notConnectedReasons: [:])
        let pods = (0..<120).map { Self.runningPod("catalog-service-\($0)", app: "catalog-service") }
        let state = KubernetesState(takenAt: Self.now, context: "lab", namespace: "e-commerce-saga", pods: pods,
                                    deployments: [Self.deployment("catalog-service", desired: 120, ready: 120)])
        store.record(state, at: Self.now)
        var app = AppState()
        app.view = .scaling
        let snapshot = store.snapshot(at: Self.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        func row(width: Int) -> String {
            let frame = Frame(snapshot: snapshot, findings: [], components: [catalog], state: app, theme: .default,
                              timeZone: TimeZone(identifier: "UTC") ?? .current)
            return Screen.render(frame, width: width, height: 20).canvas.lines[2]
        }
        #expect(row(width: 120) == "│ catalog-service       Deployment  desired 120  current 120  ready 120  updated 120                         █ last 60m│")
        #expect(row(width: 90) == "│ catalog-service       Deployment  desired 120  current 120  ready 120  updated 120     │")
    }
}

/// The ready-against-desired strip on its own.
@Suite struct ReplicaTimelineTests {
    static let end = ScreenTests.now

    func text(_ points: [(Double, Int)], desired: Int = 3, columns: Int = 10) -> String {
        let series = points.map { ClusterHistory.ReplicaPoint(at: Self.end.addingTimeInterval($0.0), desired: desired, current: desired, ready: $0.1) }
        return ReplicaTimeline(points: series, end: Self.end, duration: 100)
            .spans(columns: columns, levels: GlyphSet.ascii.sparkline, ok: TestStyle.green, warn: TestStyle.yellow, critical: TestStyle.red)
            .map(\.text).joined()
    }

    @Test func columnsWithoutSamplesStayBlankAndTheWorstSampleOfAColumnWins() {
        // 10 s a column: nothing before -40 s (infratop had not started), a dip to 0 at -24 s,
        // no sample in the column before -10 s (Kubernetes did not answer), 2 of 3 at -10 s.
        #expect(text([(-40, 3), (-35, 3), (-25, 3), (-24, 0), (-10, 2), (0, 3)]) == "      @_ =")
    }

    @Test func neverAFullBarWhileAReplicaIsMissing() {
        #expect(text([(-5, 9)], desired: 10, columns: 1) == "*")
        #expect(text([(-5, 0)], desired: 10, columns: 1) == "_")
        #expect(text([(-5, 0)], desired: 0, columns: 1) == "@", "nothing wanted, nothing missing")
    }

    @Test func stylesFollowHowBadEachColumnWas() {
        let series = [(-90.0, 3), (-50, 1), (-10, 0)].map { ClusterHistory.ReplicaPoint(at: Self.end.addingTimeInterval($0.0), desired: 3, current: 3, ready: $0.1) }
        let spans = ReplicaTimeline(points: series, end: Self.end, duration: 100)
            .spans(columns: 3, levels: GlyphSet.ascii.sparkline, ok: TestStyle.green, warn: TestStyle.yellow, critical: TestStyle.red)
        #expect(spans == [Span("@", style: TestStyle.green), Span("-", style: TestStyle.yellow), Span("_", style: TestStyle.red)])
    }
}

/// A count's history (partitions under min ISR) as a strip.
@Suite struct CountTimelineTests {
    @Test func theHighestSampleOfEachColumnScaledToTheWindowsMaximum() {
        let end = ScreenTests.now
        let samples = [(-95.0, 0), (-55, 2), (-52, 8), (-15, 4), (-5, 0)].map { (at: end.addingTimeInterval($0.0), count: $0.1) }
        let timeline = CountTimeline(samples: samples, end: end, duration: 100)
        #expect(timeline.maximum == 8)
        // 20 s a column: 0 | nothing | 8 (the spike beats the 2 beside it) | nothing | 4 (beats the 0)
        #expect(timeline.text(columns: 5, levels: GlyphSet.ascii.sparkline) == "_ @ =")
        #expect(CountTimeline(samples: [], end: end, duration: 100).text(columns: 3, levels: GlyphSet.ascii.sparkline) == "   ")
    }
}
