/// Runs every rule over a snapshot; the result is ranked worst first.
public struct Diagnosis: Sendable {
    public var sourceHealth = SourceHealthRule()
    public var redis = RedisRule()

    public init() {}

    public func findings(for snapshot: Snapshot) -> [Finding] {
        (redis.findings(in: snapshot) + sourceHealth.findings(in: snapshot)).rankedBySeverity()
    }
}
