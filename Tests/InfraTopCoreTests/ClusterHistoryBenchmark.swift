import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopKubernetes

/// A benchmark, not a timed test: it prints figures and asserts nothing about speed.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["INFRATOP_BENCH"] != nil)) struct ClusterHistoryBenchmark {
    static func rss() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    /// Prints what recording costs; run with INFRATOP_BENCH=1 swift test --filter ClusterHistoryBenchmark.
    @Test func recordingAnHourOfAThousandPods() {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var pods: [Pod] = []
        for index in 0..<1000 {
            pods.append(ClusterHistoryTests.pod("svc-\(index)", ready: index % 10 != 0))
        }
        let deployments = (0..<200).map { Deployment(metadata: ObjectMeta(name: "d\($0)"), spec: .init(replicas: 5), status: .init(replicas: 5, readyReplicas: 4)) }
        var history = ClusterHistory(capacity: 1800)
        let before = Self.rss()
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for poll in 0..<1800 {
                let time = start.addingTimeInterval(Double(poll * 2))
                // 1% of pods flap each poll.
                var state = ClusterHistoryTests.state(at: time, pods: pods, deployments: deployments)
                for flip in 0..<10 { state.pods[(poll * 10 + flip) % 1000] = ClusterHistoryTests.pod("svc-\((poll * 10 + flip) % 1000)", ready: poll % 2 == 0) }
                history.record(state, at: time)
            }
        }
        let after = Self.rss()
        print("BENCH 1800 polls x 1000 pods x 201 workloads: \(elapsed), \(elapsed / 1800) per poll; RSS +\((after - before) / 1024) MiB; pods \(history.pods.count), transitions \(history.pods.values.map(\.transitions.count).reduce(0, +))")
    }
}
