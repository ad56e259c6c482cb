import Foundation
import InfraTopCore
import InfraTopUI
import Testing
import InfraTopKubernetes

/// The namespace as the dashboard draws it, fed by the real collector from the lab's API stand-in.
@MainActor
@Suite(.serialized, .enabled(if: KubeLab.isAvailable, "needs python3 and openssl for the lab"))
struct KubernetesScreenTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static let quick = KubernetesCollector.Configuration(initialBackoff: 0.2, maximumBackoff: 1, watchTimeoutSeconds: 30)

    func collectors(_ lab: KubeLab, mode: String = "token") throws -> (Collectors, KubernetesCollector) {
        let collector = KubernetesCollector(client: try lab.client(mode), configuration: Self.quick)
        collector.start()
        let collectors = Collectors(store: Store(notConnectedReasons: [:]))
        collectors.add(.kubernetes, interval: 3600, poll: { collector.poll(completion: $0) },
                       record: { store, state, time in store.record(state, at: time) })
        return (collectors, collector)
    }

    func screen(_ collectors: Collectors, view: ViewID, width: Int = 160, height: Int = 40) -> [String] {
        let snapshot = collectors.store.snapshot(at: Date(), context: "lab-token", namespace: "e-commerce-saga", refreshInterval: 2)
        var state = AppState()
        state.view = view
        let frame = Frame(snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), state: state, theme: .default)
        return Screen.render(frame, width: width, height: height).canvas.lines
    }

    /// The Pods view's row for a pod, cut down to its cells.
    func podRow(_ name: String, in lines: [String]) -> [String]? {
        lines.first { $0.hasPrefix("│ \(name) ") }.map { line in
            line.trimmingCharacters(in: CharacterSet(charactersIn: "│ ")).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
    }

    @Test func overviewAndPodsShowWhyKafkaLags() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let (collectors, collector) = try collectors(lab)
        defer { Task { await collector.stop(); await collector.client.shutdown() } }
        await collectors.collectOnce(timeout: 60)

        let overview = screen(collectors, view: .overview)
        let text = overview.joined(separator: "\n")
        #expect(overview[1].contains("● kafka 1/3"), "\(text)")
        #expect(overview[1].contains("● order 0/1"), "\(text)")
        #expect(overview[1].contains("● payment 3/3"), "\(text)")
        #expect(text.contains("kafka-1 Pending"), "\(text)")
        #expect(text.contains("0/3 nodes are available: 3"), "\(text)")
        #expect(text.contains("kafka-2 not created: OrderedReady"), "\(text)")

        let pods = screen(collectors, view: .pods)
        #expect(Array(podRow("kafka-0", in: pods)?.prefix(4) ?? []) == ["kafka-0", "1/1", "Running", "0"], "\(pods.joined(separator: "\n"))")
        #expect(Array(podRow("kafka-1", in: pods)?.prefix(4) ?? []) == ["kafka-1", "0/1", "Pending", "0"], "\(pods.joined(separator: "\n"))")
        let order = try #require(pods.first { $0.hasPrefix("│ order-service-") })
        #expect(order.contains("0/1     CrashLoopBackOff"), "\(order)")
        #expect(order.contains(/\d+ \((\d+[dhms])+ ago\)/), "\(order)")
    }

    /// kafka-1 asks for 3Gi and no node has it: the brokers finding sets the request beside each
    /// node's allocatable less what its pods in every namespace request, as kubectl describe node does.
    @Test func anUnschedulableBrokerIsSetBesideEachNodesRoom() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let (collectors, collector) = try collectors(lab)
        defer { Task { await collector.stop(); await collector.client.shutdown() } }
        for _ in 0..<50 where collectors.store.kubernetes?.nodeRooms == nil {
            await collectors.collectOnce(timeout: 10)
            if collectors.store.kubernetes?.nodeRooms == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        guard case .read(let nodes, let everyNamespace, _)? = collectors.store.kubernetes?.nodeRooms else {
            Issue.record("no node room read: \(String(describing: collectors.store.kubernetes?.nodeRooms))")
            return
        }
        #expect(everyNamespace)
        #expect(nodes.map(\.node) == ["saga-worker-1", "saga-worker-2", "saga-worker-3"])
        // The lab's numbers, in KiB as kubectl describe node prints them (lab/README.md, "Nodes").
        let kibibytes: [Double] = [2_535_892, 3_035_604, 223_700]
        #expect(nodes.map(\.allocatableMemory) == Array(repeating: Double(4_674_004 * 1024), count: 3))
        #expect(nodes.map(\.freeMemory) == kibibytes.map { $0 * 1024 })
        #expect(nodes.map { ($0.requestedCPU * 1000).rounded() } == [1072, 862, 1112])

        let snapshot = collectors.store.snapshot(at: Date(), context: "lab-token", namespace: "e-commerce-saga", refreshInterval: 2)
        let brokers = try #require(Diagnosis().findings(for: snapshot).first { $0.rule == "kafka-brokers-missing" })
        let room = brokers.evidence.drop { !$0.hasPrefix("kafka-1 requests") }.prefix(5)
        #expect(Array(room.prefix(4)) == [
            "kafka-1 requests 3Gi memory and 500m CPU",
            "node saga-worker-1: 2.4Gi of 4.5Gi allocatable memory free, 2328m of 3400m CPU",
            "node saga-worker-2: 2.9Gi of 4.5Gi allocatable memory free, 2538m of 3400m CPU",
            "node saga-worker-3: 218.5Mi of 4.5Gi allocatable memory free, 2288m of 3400m CPU",
        ], "\(brokers.evidence)")
        #expect(room.last?.contains(/^nodes read \d+s ago$/) == true, "\(brokers.evidence)")
    }

    /// A Role without events: a 403 on that one resource leaves pods, workloads and their findings
    /// live; the gap is named once, with the rule to add, and the events panel says why it is empty.
    @Test func aForbiddenResourceLeavesTheRestLive() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let (collectors, collector) = try collectors(lab, mode: "noevents")
        defer { Task { await collector.stop(); await collector.client.shutdown() } }
        // The nodes' room is read after the first list, on its own: wait for it too (a loaded machine takes a while).
        for _ in 0..<60 where collectors.store.kubernetes?.nodeRooms == nil {
            await collectors.collectOnce(timeout: 5)
            if collectors.store.kubernetes?.nodeRooms == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        let state = try #require(collectors.store.kubernetes)
        #expect(state.gaps == [ResourceGap(resource: "events", group: "", reason: .forbidden)])
        // Nor can it read nodes: kafka-1's room is not known, and the finding will say which rule would tell it.
        #expect(state.nodeRooms == .forbidden(ResourceGap(resource: "nodes", group: "", reason: .forbidden)))
        #expect(state.events.isEmpty)
        #expect(state.statefulSets.map(\.metadata.name).contains("kafka"))

        let pods = screen(collectors, view: .pods)
        #expect(Array(podRow("kafka-1", in: pods)?.prefix(4) ?? []) == ["kafka-1", "0/1", "Pending", "0"], "\(pods.joined(separator: "\n"))")

        let snapshot = collectors.store.snapshot(at: Date(), context: "lab-noevents", namespace: "e-commerce-saga", refreshInterval: 2)
        let findings = Diagnosis().findings(for: snapshot)
        #expect(findings.first?.rule == "kafka-brokers-missing", "\(findings.map(\.cause))")
        let access = findings.filter { $0.rule == "kubernetes-forbidden" }
        #expect(access.map(\.cause) == ["Kubernetes: RBAC forbids listing events in e-commerce-saga; pods stay live, the scheduler's and kubelet's events do not"])
        #expect(access.first?.next == #"add to the Role: - apiGroups: [""], resources: [events], verbs: [get, list, watch]"#)
        #expect(snapshot.status(of: .kubernetes).state == .live)
        #expect(!findings.contains { $0.rule.hasPrefix("source-") && $0.cause.hasPrefix("Kubernetes") }, "\(findings.map(\.cause))")

        let scaling = screen(collectors, view: .scaling)
        #expect(scaling.contains { $0.contains("RBAC forbids listing events in e-commerce-saga: see the finding for the Role rule") },
                "\(scaling.joined(separator: "\n"))")
    }

    @Test func aWatchEventReachesTheScreenAtTheNextRefresh() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let (collectors, collector) = try collectors(lab)
        defer { Task { await collector.stop(); await collector.client.shutdown() } }
        await collectors.collectOnce(timeout: 60)
        #expect(podRow("kafka-1", in: screen(collectors, view: .pods))?[2] == "Pending")

        try lab.control("pods/kafka-1/run")
        // One refresh: the watch has delivered the change to the cache by the next poll.
        var row: [String]?
        for _ in 0..<50 {
            try await Task.sleep(for: .milliseconds(100))
            await collectors.collectOnce(timeout: 5)
            row = podRow("kafka-1", in: screen(collectors, view: .pods))
            if row?[2] == "Running" { break }
        }
        #expect(Array(row?.prefix(3) ?? []) == ["kafka-1", "1/1", "Running"])
        let overview = screen(collectors, view: .overview)
        #expect(overview[1].contains("● kafka 2/3"), "\(overview.joined(separator: "\n"))")
    }

    @Test func aStoppedAPIServerMakesThePanelsStaleAndARestartBringsThemBack() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let (collectors, collector) = try collectors(lab)
        defer { Task { await collector.stop(); await collector.client.shutdown() } }
        await collectors.collectOnce(timeout: 60)
        #expect(screen(collectors, view: .pods)[1].contains("Pods (15)"))

        lab.down()
        var stale: [String] = []
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(200))
            await collectors.collectOnce(timeout: 0.5)
            stale = screen(collectors, view: .pods)
            if stale[1].contains("stale") { break }
        }
        #expect(stale[1].contains(/Pods \(15\) ─+ stale \d+s ┐/), "\(stale.joined(separator: "\n"))")
        // The last good rows stay on screen beside their age.
        #expect(podRow("kafka-0", in: stale) != nil)
        // The health strip's counts are last known too, and say so.
        let strip = screen(collectors, view: .overview)[1]
        #expect(strip.contains(/● k8s stale \d+s  ● mongodb 1\/1/), "\(strip)")

        try lab.up()
        var back: [String] = []
        for _ in 0..<100 {
            await collectors.collectOnce(timeout: 2)
            back = screen(collectors, view: .pods)
            if back[1].contains("e-commerce-saga ┐") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(back[1].contains("Pods (15)") && back[1].contains("e-commerce-saga ┐"), "\(back.joined(separator: "\n"))")
    }
}
