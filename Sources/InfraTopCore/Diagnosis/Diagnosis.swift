import InfraTopKafka

/// Runs every rule over a snapshot; the result is ranked worst first.
package struct Diagnosis: Sendable {
    var sourceHealth = SourceHealthRule()
    package var redis = RedisRule()
    package var mongodb: MongoRule
    package var workloads: WorkloadRule
    package var kafka = KafkaRule()
    var kafkaBrokers = KafkaBrokersRule()
    var kafkaReplicationFactor = KafkaReplicationFactorRule()
    var kafkaLeaderSkew = KafkaLeaderSkewRule()
    var kafkaISRFlapping = KafkaISRFlappingRule()
    var crashLoops = CrashLoopRule()
    var kubernetesAccess = KubernetesAccessRule()
    var serviceEnvironment: ServiceEnvironmentRule
    package var components: [Component]

    package init(components: [Component] = Component.eCommerceSaga) {
        self.components = components
        // The brokers rule tells kafka's story with ZooKeeper and metadata; the generic rule
        // would say the same thing again with less.
        let brokers = KafkaBrokersRule().component
        workloads = WorkloadRule(components: components.filter { $0.name != brokers })
        serviceEnvironment = ServiceEnvironmentRule(components: components)
        mongodb = MongoRule(components: components)
    }

    package func findings(for snapshot: Snapshot) -> [Finding] {
        findings(for: snapshot, healths: WorkloadHealth.all(of: components, in: snapshot))
    }

    /// The findings from the components' healths already derived (``WorkloadHealth/all(of:in:)``
    /// over ``components``), so a caller that shows them too walks the pods once.
    package func findings(for snapshot: Snapshot, healths: [String: WorkloadHealth]) -> [Finding] {
        findings(for: snapshot, healths: healths, kafka: snapshot.kafkaHealth)
    }

    /// The findings from the healths derived for this snapshot (``Assessment``).
    func findings(for snapshot: Snapshot, healths: [String: WorkloadHealth], kafka: KafkaHealth?, isrChurn: ISRChurn? = nil,
                  groups: [GroupConsumers]? = nil) -> [Finding] {
        let churn = isrChurn ?? ISRChurn(history: snapshot.history, brokers: snapshot.kafka?.sample.brokers ?? [], now: snapshot.takenAt)
        let brokers = kafkaBrokers.findings(in: snapshot, healths: healths, kafka: kafka)
        let (explained, crashes) = Self.fold(crashLoops.findingsByPod(in: snapshot), into: brokers + workloads.findings(in: snapshot, healths: healths))
        // Within a severity the rules' order stands: brokers, Kafka's durability, then workloads.
        let all = explained.prefix(brokers.count) + self.kafka.findings(in: snapshot, health: kafka)
            + kafkaReplicationFactor.findings(in: snapshot) + kafkaLeaderSkew.findings(in: snapshot, health: kafka)
            + kafkaISRFlapping.findings(churn: churn, health: healths[kafkaISRFlapping.component])
            + explained.dropFirst(brokers.count) + crashes + serviceEnvironment.findings(in: snapshot)
            + redis.findings(in: snapshot) + mongodb.findings(in: snapshot) + kubernetesAccess.findings(in: snapshot) + sourceHealth.findings(in: snapshot)
        let consumers = groups ?? snapshot.kafka.map { GroupConsumers.all(sample: $0.sample, state: snapshot.kubernetes, components: components) } ?? []
        let joined = Self.joinSilentGroups(consumers, lags: kafka?.lag ?? [], into: Array(all))
        return Self.rootCausesFirst(joined, zooKeeperDown: zooKeeperDown(in: snapshot, health: healths[zooKeeperComponent]),
                                    brokers: kafkaBrokers.component, zooKeeper: zooKeeperComponent).rankedBySeverity()
    }

    /// A consumer group that lags while the workload that consumes for it is failing is that
    /// failure's consequence, not a separate alarm: its lag goes into the workload's finding.
    static func joinSilentGroups(_ groups: [GroupConsumers], lags: [KafkaHealth.Lag], into findings: [Finding]) -> [Finding] {
        var findings = findings
        for group in groups {
            guard let component = group.component, group.members.isEmpty else { continue }
            let behind = lags.filter { $0.group == group.group && $0.messages > 0 }.sorted { $0.topic < $1.topic }
            guard !behind.isEmpty,
                  let index = findings.firstIndex(where: { $0.subject?.component == component && ($0.rule.hasPrefix("workload-") || $0.rule == "crash-loop") })
            else { continue }
            let lag = behind.map { "\($0.messages) messages on \($0.topic)" }.joined(separator: ", ")
            let members = group.membersKnown ? "has no members" : "has no known members (the brokers do not describe groups)"
            findings[index].evidence.append("its consumer group \(group.group) \(members) and is behind: \(lag)")
        }
        return findings
    }

    /// The component that names ZooKeeper's workload.
    var zooKeeperComponent: String { "zookeeper" }

    /// ZooKeeper has lost its quorum (fewer than a majority of its replicas ready), or has not
    /// answered for as long as makes a source stale.
    func zooKeeperDown(in snapshot: Snapshot, health: WorkloadHealth?) -> Bool {
        if let health, health.exists, health.desired > 0, health.ready < health.desired / 2 + 1 { return true }
        let status = snapshot.status(of: .zookeeper)
        return status.state == .failing && status.consecutiveFailures >= sourceHealth.staleAfterIntervals
    }

    /// Kafka brokers need ZooKeeper to start and register: while it is down, its finding explains
    /// theirs. It then leads (at least as severe, first within its severity) and names what it
    /// explains, and the brokers' finding names its cause.
    static func rootCausesFirst(_ findings: [Finding], zooKeeperDown: Bool, brokers: String, zooKeeper: String) -> [Finding] {
        guard zooKeeperDown,
              let brokersIndex = findings.firstIndex(where: { $0.rule == "kafka-brokers-missing" && $0.subject?.component == brokers }),
              let causeIndex = findings.firstIndex(where: { $0.subject?.component == zooKeeper && $0.rule.hasPrefix("workload-") })
                  ?? findings.firstIndex(where: { $0.subject?.source == .zookeeper })
        else { return findings }
        var findings = findings
        var cause = findings[causeIndex]
        let explained = findings[brokersIndex]
        cause.severity = max(cause.severity, explained.severity)
        cause.cause += "; this explains: \(explained.cause)"
        cause.evidence.append("Kafka brokers cannot start or register without ZooKeeper")
        findings[brokersIndex].evidence.insert("explained by ZooKeeper: \(findings[causeIndex].cause)", at: 0)
        findings.remove(at: causeIndex)
        findings.insert(cause, at: 0)
        return findings
    }

    /// A crash-looping pod that a missing-replicas finding already names (its subject lists each
    /// missing replica) is told once, there: the crash's facts join that finding's evidence and
    /// its `kubectl logs --previous` leads the way to look next. The others stay findings of their own.
    static func fold(_ crashes: [(pod: String, summary: String, finding: Finding)], into findings: [Finding]) -> (findings: [Finding], unfolded: [Finding]) {
        var findings = findings
        var unfolded: [Finding] = []
        // Findings whose next step already leads with a crash's logs; one such step is enough.
        var leadsWithLogs: Set<Int> = []
        for crash in crashes {
            guard let index = findings.firstIndex(where: { $0.subject?.pods.contains(crash.pod) == true }) else {
                unfolded.append(crash.finding)
                continue
            }
            findings[index].evidence += ([crash.summary] + crash.finding.evidence).map { "\(crash.pod): \($0)" }
            if let next = crash.finding.next, !leadsWithLogs.contains(index) {
                findings[index].next = [next, findings[index].next].compactMap { $0 }.joined(separator: "; then ")
                leadsWithLogs.insert(index)
            }
        }
        return (findings, unfolded)
    }
}
