/// Runs every rule over a snapshot; the result is ranked worst first.
public struct Diagnosis: Sendable {
    public var sourceHealth = SourceHealthRule()
    public var redis = RedisRule()
    public var workloads: WorkloadRule
    public var kafka = KafkaRule()

    public init(components: [Component] = Component.eCommerceSaga) {
        workloads = WorkloadRule(components: components)
    }

    public func findings(for snapshot: Snapshot) -> [Finding] {
        (kafka.findings(in: snapshot) + workloads.findings(in: snapshot) + redis.findings(in: snapshot) + sourceHealth.findings(in: snapshot)).rankedBySeverity()
    }
}
