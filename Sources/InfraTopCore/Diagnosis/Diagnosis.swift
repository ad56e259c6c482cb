/// Runs every rule over a snapshot; the result is ranked worst first.
public struct Diagnosis: Sendable {
    public var sourceHealth = SourceHealthRule()

    public init() {}

    public func findings(for snapshot: Snapshot) -> [Finding] {
        sourceHealth.findings(in: snapshot).rankedBySeverity()
    }
}
