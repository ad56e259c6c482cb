import Foundation
import InfraTopCore
import InfraTopUI
import Testing
import InfraTopKubernetes

/// The Scaling view and the crash-loop rule fed by the real collector from the lab: the previous
/// run's log of a crash-looping service is read and its cause line reaches the screen. Part of
/// the serialized KubernetesScreenTests, so it adds no lab running at the same time as theirs.
extension KubernetesScreenTests {
    static let asgiError = #"ERROR: Error loading ASGI app. Could not import module "app.main"."#

    @Test func theCrashCauseAndTheSchedulersMessageReachTheScalingViewAndTheFindings() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let collector = KubernetesCollector(
            client: try lab.client("token"),
            configuration: KubernetesCollector.Configuration(initialBackoff: 0.2, maximumBackoff: 1, watchTimeoutSeconds: 30))
        collector.start()
        defer { Task { await collector.stop(); await collector.client.shutdown() } }
        let collectors = Collectors(store: Store(notConnectedReasons: [:]))
        collectors.add(.kubernetes, interval: 3600, poll: { collector.poll(completion: $0) },
                       record: { store, state, time in store.record(state, at: time) })

        // The first polls start the log reads; later ones carry their excerpts.
        var read = false
        for _ in 0..<40 where !read {
            await collectors.collectOnce(timeout: 5)
            let excerpts = collectors.store.kubernetes?.previousLogs ?? []
            read = excerpts.count == 3 && excerpts.allSatisfy { $0.causeLine != nil }
            if !read { try await Task.sleep(for: .milliseconds(250)) }
        }
        let excerpts = collectors.store.kubernetes?.previousLogs ?? []
        #expect(read, "\(excerpts)")
        let order = try #require(excerpts.first { $0.pod.hasPrefix("order-service-") })
        #expect(order.causeLine == Self.asgiError)
        #expect(order.error == nil)

        let snapshot = collectors.store.snapshot(at: Date(), context: "lab-token", namespace: "e-commerce-saga", refreshInterval: 2)
        let findings = Diagnosis().findings(for: snapshot)
        #expect(findings.first?.rule == "kafka-brokers-missing")
        #expect(findings.first?.cause.contains("kafka-1 Pending") == true)
        #expect(findings.first?.cause.contains("0/3 nodes are available: 3 Insufficient memory.") == true)
        // The crash is told once, in the finding that order is not ready, with its cause line.
        let notReady = try #require(findings.first { $0.rule == "workload-not-ready" && $0.cause.hasPrefix("order: ") })
        #expect(notReady.cause.hasSuffix(" CrashLoopBackOff: " + Self.asgiError), "\(notReady.cause)")
        #expect(notReady.evidence.contains { $0.contains(": order-service is crash-looping, ") && $0.hasSuffix(" restarts") }, "\(notReady.evidence)")
        #expect(notReady.next?.hasPrefix("kubectl logs -n e-commerce-saga order-service-") == true, "\(notReady.next ?? "")")
        #expect(!findings.contains { $0.rule == "crash-loop" }, "\(findings.map(\.cause))")
        #expect(!findings.contains { $0.rule.hasPrefix("service-env") }, "every lab service sets both variables alike")

        var state = AppState()
        state.view = .scaling
        let frame = Frame(snapshot: snapshot, findings: findings, state: state, theme: .default)
        let text = Screen.render(frame, width: 200, height: 50).canvas.lines.joined(separator: "\n")
        #expect(text.contains("kafka-1 Pending, missing "), "\(text)")
        #expect(text.contains("FailedScheduling: 0/3 nodes are available: 3 Insufficient memory."), "\(text)")
        #expect(text.contains("kafka-2 not created, missing "), "\(text)")
        #expect(text.contains("OrderedReady: waits for kafka-1"), "\(text)")
        #expect(text.contains(#"Error loading ASGI app. Could not import module"#), "\(text)")
    }
}
