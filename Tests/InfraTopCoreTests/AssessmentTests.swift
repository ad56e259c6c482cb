import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopKubernetes
import InfraTopBasics
import InfraTopFixtures
import InfraTopKafka

/// The assessment is built once per store change and holds typed facts: these build it from the
/// lab's fixtures and read the types, not the sentences made from them.
@Suite struct AssessmentTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func anOOMKilledBrokerIsACrashLoopWithItsReasonExitCodeAndLimit() throws {
        let (state, kafka1) = try RootCauseTests.oomKilledKafka1()
        let container = try #require(kafka1.status.containerStatuses.first)

        let assessment = Assessment(snapshot: KafkaBrokersRuleTests.snapshot(state), diagnosis: Diagnosis())
        let kafka = try #require(assessment.workloads["kafka"])
        let crashed = try #require(kafka.missing.first { $0.replica.name == "kafka-1" })
        #expect(crashed.cause == .crashLoop(CrashLoop(
            container: container.name, restarts: container.restartCount, lastReason: "OOMKilled", exitCode: 137, memoryLimit: "1Gi")))
        #expect(assessment.healths["kafka"] == kafka.health)
        #expect(assessment.findings.first?.rule == "kafka-brokers-missing")
        #expect(assessment.findings.first?.subject?.pods == ["kafka-1", "kafka-2"])
    }

    @Test func aCrashLoopingZooKeeperRanksAboveTheBrokersItExplains() throws {
        let state = try Cluster.eCommerceSaga(now: Self.now).withCrashLoop(pod: "zookeeper-0")
        let assessment = Assessment(snapshot: KafkaBrokersRuleTests.snapshot(state), diagnosis: Diagnosis())
        #expect(assessment.findings.map(\.subject?.component).prefix(2) == ["zookeeper", "kafka"])
        #expect(assessment.findings.first?.subject?.pods == ["zookeeper-0"])
        guard case .crashLoop(let loop)? = assessment.workloads["zookeeper"]?.missing.first?.cause else {
            Issue.record("zookeeper-0 is not assessed as crash-looping")
            return
        }
        #expect(loop.container == "zookeeper")
    }

    @Test func theEffectiveMinISRAtReplicationFactorTwoWithMinInsyncThreeIsTwo() throws {
        let twoOfThree = try Cluster.eCommerceSaga(now: Self.now).withKafka(ready: 2, of: 3)
        let assessment = Assessment(snapshot: KafkaBrokersRuleTests.withTopic(twoOfThree, rf: 2, minISR: 3), diagnosis: Diagnosis())
        #expect(assessment.kafka?.effectiveMinISR == ["orders": 2])
        // Two of three brokers ready meet it, so the brokers' finding is a warning, not critical.
        #expect(assessment.findings.first { $0.rule == "kafka-brokers-missing" }?.severity == .warning)
    }

    @Test func aForbiddenEventsListLeavesPodsAndStatefulSetsAssessed() throws {
        let complete = Assessment(snapshot: KafkaBrokersRuleTests.snapshot(try Cluster.eCommerceSaga(now: Self.now)), diagnosis: Diagnosis())
        let partial = Assessment(snapshot: KafkaBrokersRuleTests.snapshot(try KubernetesAccessRuleTests.saga(without: .events)), diagnosis: Diagnosis())
        #expect(partial.healths.mapValues(\.ready) == complete.healths.mapValues(\.ready))
        #expect(partial.healths["kafka"]?.missing.map(\.name) == ["kafka-1", "kafka-2"])
        guard case .orderedReady(let blocker)? = partial.workloads["kafka"]?.missing.last?.cause else {
            Issue.record("kafka-2 is not assessed as waiting under OrderedReady")
            return
        }
        #expect(blocker == "kafka-1")
        #expect(partial.findings.filter { $0.rule != "kubernetes-forbidden" }.map(\.rule) == complete.findings.map(\.rule))
        #expect(partial.findings.filter { $0.rule == "kubernetes-forbidden" }.count == 1)
    }
}
