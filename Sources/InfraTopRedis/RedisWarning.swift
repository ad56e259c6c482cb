/// Something about a Redis server a person should look at, as the facts that raised it. The
/// sentence is made where it is shown (Core's `RedisRule`).
package enum RedisWarning: Sendable, Hashable {
    package enum Severity: Int, Sendable, Hashable, Comparable {
        /// Worth watching; nothing fails yet.
        case warning = 1
        /// Data or writes are being lost, or will be soon.
        case critical = 2

        package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// What the warning is about, so views and rules can match on it without its facts.
    package enum Kind: String, Sendable, Hashable {
        // Spelled as finding rules and Prometheus labels are: `redis-writes-will-fail`.
        case memoryNearLimit = "memory-near-limit"
        case evicting
        case writesWillFail = "writes-will-fail"
        case aofWriteFailing = "aof-write-failing"
        case rdbSaveFailing = "rdb-save-failing"
        case fragmented
        case replicationLinkDown = "replication-link-down"
    }

    /// Memory at `percent` of maxmemory (counted as Redis counts it) under an evicting `policy`.
    case memoryNearLimit(percent: Int, policy: String)
    /// Memory at `percent` of maxmemory under `noeviction`: writes will fail with OOM.
    case writesWillFail(percent: Int)
    /// Keys evicted per second between the last two samples, under `policy`.
    case evicting(keysPerSecond: Double, policy: String)
    /// `aof_last_write_status` is not `ok`.
    case aofWriteFailing(status: String)
    /// `rdb_last_bgsave_status` is not `ok`.
    case rdbSaveFailing(status: String)
    /// `mem_fragmentation_ratio` above the threshold, with enough resident memory to matter.
    case fragmented(ratio: Double)
    /// A replica whose `master_link_status` is not `up`.
    case replicationLinkDown(linkStatus: String)

    package var kind: Kind {
        switch self {
        case .memoryNearLimit: .memoryNearLimit
        case .writesWillFail: .writesWillFail
        case .evicting: .evicting
        case .aofWriteFailing: .aofWriteFailing
        case .rdbSaveFailing: .rdbSaveFailing
        case .fragmented: .fragmented
        case .replicationLinkDown: .replicationLinkDown
        }
    }

    package var severity: Severity {
        switch self {
        case .memoryNearLimit, .evicting, .fragmented: .warning
        case .writesWillFail, .aofWriteFailing, .rdbSaveFailing, .replicationLinkDown: .critical
        }
    }
}
