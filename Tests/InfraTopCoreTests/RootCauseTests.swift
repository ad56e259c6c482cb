import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopKubernetes
import InfraTopFixtures

/// A finding that explains others leads and says what it explains: ZooKeeper down explains Kafka
/// brokers that cannot start or register.
@Suite struct RootCauseTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func snapshot(_ state: KubernetesState, zooKeeper: SourceStatus? = nil) -> Snapshot {
        var snapshot = KafkaBrokersRuleTests.snapshot(state)
        if let zooKeeper { snapshot.sources[.zookeeper] = zooKeeper }
        return snapshot
    }

    @Test func aCrashLoopingZooKeeperLeadsAndNamesTheBrokersItExplains() throws {
        let state = try Cluster.eCommerceSaga(now: Self.now).withCrashLoop(pod: "zookeeper-0")
        let findings = Diagnosis().findings(for: Self.snapshot(state))
        let first = try #require(findings.first)
        #expect(first.subject == Finding.Subject(component: "zookeeper", pods: ["zookeeper-0"]))
        #expect(first.severity == .critical)
        #expect(first.cause.hasPrefix("zookeeper: 1 of 1 replicas not ready: zookeeper-0 CrashLoopBackOff"), "\(first.cause)")
        #expect(first.cause.contains("; this explains: 2 of 3 Kafka brokers missing: kafka-1 Pending "), "\(first.cause)")
        #expect(first.evidence.last == "Kafka brokers cannot start or register without ZooKeeper")

        let brokers = try #require(findings.first { $0.rule == "kafka-brokers-missing" })
        #expect(brokers.evidence.first?.hasPrefix("explained by ZooKeeper: zookeeper: 1 of 1 replicas not ready: zookeeper-0 CrashLoopBackOff") == true,
                "\(brokers.evidence)")
        #expect(findings.filter { $0.subject?.component == "zookeeper" }.count == 1)
    }

    @Test func aHealthyZooKeeperExplainsNothing() throws {
        let findings = Diagnosis().findings(for: Self.snapshot(try Cluster.eCommerceSaga(now: Self.now)))
        let first = try #require(findings.first)
        #expect(first.rule == "kafka-brokers-missing")
        #expect(!first.evidence.contains { $0.hasPrefix("explained by ZooKeeper") })
        #expect(!findings.contains { $0.cause.contains("this explains") })
    }

    @Test func aZooKeeperThatStoppedAnsweringExplainsTheBrokers() throws {
        let failing = SourceStatus(state: .failing, reason: "connection refused", lastGoodAt: Self.now.addingTimeInterval(-30),
                                   lastAttemptAt: Self.now, consecutiveFailures: 3)
        let findings = Diagnosis().findings(for: Self.snapshot(try Cluster.eCommerceSaga(now: Self.now), zooKeeper: failing))
        let first = try #require(findings.first)
        #expect(first.subject == Finding.Subject(source: .zookeeper))
        #expect(first.severity == .critical)
        #expect(first.cause.hasPrefix("ZooKeeper is not answering: connection refused; this explains: 2 of 3 Kafka brokers missing"), "\(first.cause)")
        // One failed poll is not yet an outage.
        var once = failing
        once.consecutiveFailures = 1
        let early = Diagnosis().findings(for: Self.snapshot(try Cluster.eCommerceSaga(now: Self.now), zooKeeper: once))
        #expect(early.first?.rule == "kafka-brokers-missing")
    }

    /// The saga with kafka-1 crash-looping after an OOM kill at a 1Gi limit, and that pod.
    static func oomKilledKafka1() throws -> (state: KubernetesState, kafka1: Pod) {
        let state = try Cluster.eCommerceSaga(now: now).withKafka1Running().withCrashLoop(pod: "kafka-1", reason: "OOMKilled", exitCode: 137)
        var kafka1 = try #require(state.pod(named: "kafka-1"))
        kafka1.spec.containers[0].resources = ResourceRequirements(limits: ["memory": "1Gi"], requests: ["memory": "1Gi"])
        return (state.replacing(kafka1), kafka1)
    }

    /// A broker killed by the OOM killer: the kill and its limit lead, the log line is evidence.
    @Test func anOOMKilledBrokerLeadsWithTheKillAndItsLimitNotALogLine() throws {
        var (state, kafka1) = try Self.oomKilledKafka1()
        let container = try #require(kafka1.status.containerStatuses.first)
        state.previousLogs = [PreviousLogExcerpt(
            pod: "kafka-1", uid: kafka1.metadata.uid, container: container.name, restartCount: container.restartCount,
            causeLine: "ERROR [KafkaServer id=1] Fatal error during KafkaServer startup. Prepare to shutdown", readAt: Self.now)]

        let crash = try #require(CrashLoopRule().findings(in: Self.snapshot(state)).first { $0.cause.hasPrefix("kafka-1 ") })
        let restarts = container.restartCount == 1 ? "1 restart" : "\(container.restartCount) restarts"
        #expect(crash.cause == "kafka-1 (\(container.name)) is crash-looping, \(restarts): OOMKilled (exit 137) at limit 1Gi")
        #expect(crash.evidence.contains("last log line: ERROR [KafkaServer id=1] Fatal error during KafkaServer startup. Prepare to shutdown"))

        let brokers = try #require(Diagnosis().findings(for: Self.snapshot(state)).first)
        #expect(brokers.rule == "kafka-brokers-missing")
        #expect(brokers.cause.hasPrefix("2 of 3 Kafka brokers missing: kafka-1 CrashLoopBackOff (OOMKilled (exit 137) at limit 1Gi); kafka-2 Pending"), "\(brokers.cause)")
        #expect(brokers.evidence.contains("kafka-1: last log line: ERROR [KafkaServer id=1] Fatal error during KafkaServer startup. Prepare to shutdown"), "\(brokers.evidence)")
    }

    @Test func anOOMKillWithoutALimitSaysSo() throws {
        var state = try Cluster.eCommerceSaga(now: Self.now).withKafka1Running().withCrashLoop(pod: "kafka-1", reason: "OOMKilled", exitCode: 137)
        var kafka1 = try #require(state.pod(named: "kafka-1"))
        // The lab's brokers ask for 4Gi; this one has no limit at all.
        #expect(kafka1.spec.containers[0].resources?.limits["memory"] == "4Gi")
        kafka1.spec.containers[0].resources = nil
        state = state.replacing(kafka1)
        let crash = try #require(CrashLoopRule().findings(in: Self.snapshot(state)).first { $0.cause.hasPrefix("kafka-1 ") })
        #expect(crash.cause.hasSuffix(": OOMKilled (exit 137) with no memory limit set"), "\(crash.cause)")
    }
}
