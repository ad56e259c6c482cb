import Foundation
import InfraTopCore
import Testing
import InfraTopBasics
import InfraTopKubernetes

/// The collector's live cache against the lab: watch events arriving, 410 relists, and recovery
/// from the API server going away.
@Suite(.serialized, .enabled(if: KubeLab.isAvailable, "the lab needs python3 and openssl"))
struct KubeCollectorLabTests {
    static let fast = KubernetesCollector.Configuration(initialBackoff: 0.2, maximumBackoff: 1, watchTimeoutSeconds: 60)

    func healthyState(_ collector: KubernetesCollector, timeout: TimeInterval = 60) async -> KubernetesState? {
        var state: KubernetesState?
        _ = await eventually(timeout: timeout) {
            if case .success(let current) = collector.currentResult() { state = current }
            return state != nil
        }
        return state
    }

    @Test func syncsAndSeesAWatchEvent() async throws {
        // No bookmarks during the test, so every version change comes from a real event.
        let lab = try KubeLab(extraEnvironment: ["INFRATOP_LAB_BOOKMARK_INTERVAL": "3600"])
        defer { lab.stop() }
        let collector = KubernetesCollector(client: try lab.client("token"), configuration: Self.fast)
        collector.start()
        let first = try #require(await healthyState(collector))
        #expect(first.context == "lab-token")
        #expect(first.namespace == "e-commerce-saga")
        #expect(first.pod(named: "kafka-1")?.status.phase == "Pending")
        #expect(first.pod(named: "kafka-2") == nil)
        #expect(first.statefulSets.map(\.metadata.name).contains("kafka"))
        #expect(first.deployments.count >= 6)
        #expect(!first.replicaSets.isEmpty)
        #expect(!first.events.isEmpty)
        #expect(first.resourceVersions["pods"]?.isEmpty == false)
        #expect(first.lastEventAt == nil)

        try lab.control("pods/kafka-1/run")
        let ran = await eventually {
            let state = collector.currentState()
            return state.pod(named: "kafka-1")?.status.phase == "Running" && state.pod(named: "kafka-2") != nil
        }
        #expect(ran)
        #expect(collector.currentState().lastEventAt != nil)
        #expect(collector.listCount(of: .pods) == 1)
        await collector.stop()
        await collector.client.shutdown()
    }

    @Test func expiredWatchLeadsToARelist() async throws {
        let lab = try KubeLab(extraEnvironment: ["INFRATOP_LAB_BOOKMARK_INTERVAL": "3600"])
        defer { lab.stop() }
        let collector = KubernetesCollector(client: try lab.client("token"), configuration: Self.fast)
        collector.start()
        _ = try #require(await healthyState(collector))
        // A pod change moves the lab's version past the Deployments store's; after compaction,
        // resuming a dropped watch from that version gets an ERROR event with Status 410.
        try lab.control("pods/kafka-1/crash")
        _ = await eventually { collector.currentState().lastEventAt != nil }
        try lab.control("history/compact")
        try lab.control("watches/drop")
        let relisted = await eventually { collector.listCount(of: .deployments) >= 2 }
        #expect(relisted)
        #expect(await healthyState(collector) != nil)
        await collector.stop()
        await collector.client.shutdown()
    }

    @Test func droppedWatchesResumeWithoutRelisting() async throws {
        let lab = try KubeLab(extraEnvironment: ["INFRATOP_LAB_BOOKMARK_INTERVAL": "3600"])
        defer { lab.stop() }
        let collector = KubernetesCollector(client: try lab.client("token"), configuration: Self.fast)
        collector.start()
        _ = try #require(await healthyState(collector))
        try lab.control("watches/drop")
        try await Task.sleep(nanoseconds: 500_000_000)
        try lab.control("pods/kafka-1/run")
        #expect(await eventually { collector.currentState().pod(named: "kafka-1")?.status.phase == "Running" })
        #expect(collector.listCount(of: .pods) == 1)
        await collector.stop()
        await collector.client.shutdown()
    }

    @Test func reportsAnOutageKeepsTheLastGoodStateAndRecovers() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let collector = KubernetesCollector(client: try lab.client("token"), configuration: Self.fast)
        collector.start()
        let good = try #require(await healthyState(collector))

        lab.down()
        var failure: CollectorError?
        _ = await eventually {
            if case .failure(let error) = collector.currentResult() { failure = error }
            return failure != nil
        }
        let error = try #require(failure)
        #expect(error.message.contains(collector.client.access.server), "\(error.message)")
        #expect(collector.lastGood?.pods.map(\.metadata.name) == good.pods.map(\.metadata.name))

        try lab.up()
        let recovered = await healthyState(collector)
        #expect(recovered?.pod(named: "kafka-0") != nil)
        await collector.stop()
        await collector.client.shutdown()
    }

    @Test func pollReportsTheCauseBeforeTheFirstSync() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let collector = KubernetesCollector(client: try lab.client("restricted"), configuration: Self.fast)
        collector.start()
        var failure: CollectorError?
        _ = await eventually {
            let result = await withCheckedContinuation { done in collector.poll { done.resume(returning: $0) } }
            if case .failure(let error) = result, error.message.hasPrefix("RBAC") { failure = error }
            return failure != nil
        }
        #expect(failure?.message.hasPrefix("RBAC forbids list pods in namespace e-commerce-saga") == true)
        #expect(collector.lastGood == nil)
        await collector.stop()
        await collector.client.shutdown()
    }
}
