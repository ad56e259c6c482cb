/// Runs every rule over a snapshot; the result is ranked worst first.
public struct Diagnosis: Sendable {
    public var sourceHealth = SourceHealthRule()
    public var redis = RedisRule()
    public var workloads: WorkloadRule
    public var kafka = KafkaRule()
    public var kafkaBrokers = KafkaBrokersRule()
    public var kafkaReplicationFactor = KafkaReplicationFactorRule()
    public var kafkaLeaderSkew = KafkaLeaderSkewRule()
    public var crashLoops = CrashLoopRule()
    public var serviceEnvironment: ServiceEnvironmentRule
    public var components: [Component]

    public init(components: [Component] = Component.eCommerceSaga) {
        self.components = components
        // The brokers rule tells kafka's story with ZooKeeper and metadata; the generic rule
        // would say the same thing again with less.
        let brokers = KafkaBrokersRule().component
        workloads = WorkloadRule(components: components.filter { $0.name != brokers })
        serviceEnvironment = ServiceEnvironmentRule(components: components)
    }

    public func findings(for snapshot: Snapshot) -> [Finding] {
        let all = kafkaBrokers.findings(in: snapshot, components: components) + kafka.findings(in: snapshot)
            + kafkaReplicationFactor.findings(in: snapshot) + kafkaLeaderSkew.findings(in: snapshot)
            + workloads.findings(in: snapshot) + crashLoops.findings(in: snapshot) + serviceEnvironment.findings(in: snapshot)
            + redis.findings(in: snapshot) + sourceHealth.findings(in: snapshot)
        return all.rankedBySeverity()
    }
}
