/// Runs every rule over a snapshot; the result is ranked worst first.
public struct Diagnosis: Sendable {
    public var sourceHealth = SourceHealthRule()
    public var redis = RedisRule()
    public var workloads: WorkloadRule

    public init(components: [Component] = Component.eCommerceSaga) {
        workloads = WorkloadRule(components: components)
    }

    public func findings(for snapshot: Snapshot) -> [Finding] {
        (workloads.findings(in: snapshot) + redis.findings(in: snapshot) + sourceHealth.findings(in: snapshot)).rankedBySeverity()
    }
}
