import Foundation
import InfraTopBasics
import InfraTopKubernetes
import InfraTopMongo

/// Turns what mongod's own numbers say into findings: a WiredTiger cache too dirty or too full,
/// connections near the limit, a replica-set member lagging or unhealthy, and services that
/// name MongoDB in their environment while it does not answer.
package struct MongoRule: Sendable {
    /// Dirty bytes above this fraction of the cache maximum: WiredTiger's eviction threads fall
    /// behind and application threads start evicting (the default eviction_dirty_trigger is 20%).
    package static let dirtyFraction = 0.20
    /// Bytes in the cache above this fraction of its maximum: eviction stalls reads and writes
    /// (the default eviction_trigger is 95%).
    package static let usedFraction = 0.95
    /// Connections in use above this fraction of current + available.
    package static let connectionsFraction = 0.90
    /// A secondary further behind the primary than this, in seconds.
    package static let lagSeconds: Double = 10

    package var components: [Component]

    package init(components: [Component] = Component.eCommerceSaga) {
        self.components = components
    }

    package func findings(in snapshot: Snapshot) -> [Finding] {
        var findings = unreachableForServices(in: snapshot)
        guard let mongodb = snapshot.mongodb else { return findings }
        let sample = mongodb.sample
        let status = snapshot.status(of: .mongodb)
        let asOf = status.state != .live ? status.age(at: snapshot.takenAt).map { ["as of \(DurationText.short($0)) ago"] } ?? [] : []
        let subject = Finding.Subject(component: "mongodb", source: .mongodb)
        let next = "the MongoDB view (7)"

        if let cache = sample.cache, let maximum = cache.maximumBytes, maximum > 0 {
            let evidence = [
                "cache \(cache.bytesInCache.map(ByteCount.text) ?? "–") used, \(cache.trackedDirtyBytes.map(ByteCount.text) ?? "–") dirty of \(ByteCount.text(maximum)) configured",
            ] + asOf
            if let dirty = cache.trackedDirtyBytes, Double(dirty) > Double(maximum) * Self.dirtyFraction {
                findings.append(Finding(
                    severity: .warning, rule: "mongodb-cache-dirty",
                    cause: "MongoDB: WiredTiger cache \(Self.percent(dirty, of: maximum))% dirty (above 20%) — writes outpace checkpoints and application threads must evict",
                    evidence: evidence, next: next, subject: subject))
            }
            if let used = cache.bytesInCache, Double(used) > Double(maximum) * Self.usedFraction {
                findings.append(Finding(
                    severity: .critical, rule: "mongodb-cache-full",
                    cause: "MongoDB: WiredTiger cache \(Self.percent(used, of: maximum))% full (above 95%) — eviction stalls operations; the working set exceeds the cache",
                    evidence: evidence, next: next, subject: subject))
            }
        }

        if let current = sample.connections.current, let available = sample.connections.available {
            let limit = current.addingSaturated(available)
            if limit > 0, Double(current) >= Double(limit) * Self.connectionsFraction {
                findings.append(Finding(
                    severity: available == 0 ? .critical : .warning, rule: "mongodb-connections",
                    cause: "MongoDB: \(current) of \(limit) connections in use — new clients will be refused",
                    evidence: ["connections current \(current), available \(available)"] + asOf,
                    next: next, subject: subject))
            }
        }

        if let replicaSet = sample.replicaSet {
            let setName = replicaSet.name ?? sample.setName ?? "the replica set"
            for member in replicaSet.members where member.stateName != "PRIMARY" {
                let memberSubject = Finding.Subject(component: "mongodb", source: .mongodb, pods: Self.podName(of: member.name).map { [$0] } ?? [])
                let name = Self.shortName(of: member.name)
                let state = member.stateName.map { TerminalText.oneLine($0, maximumLength: 40) } ?? "unknown state"
                if member.isHealthy == false || !Self.healthyStates.contains(member.stateName ?? "") {
                    findings.append(Finding(
                        severity: .critical, rule: "mongodb-member-unhealthy",
                        cause: "MongoDB: \(setName) member \(name) is \(state)\(member.isHealthy == false ? ", unreachable from the primary" : "")",
                        evidence: ["replSetGetStatus: \(Self.clean(member.name)) stateStr \(state), health \(member.isHealthy.map { $0 ? "1" : "0" } ?? "–")"] + asOf,
                        next: next, subject: memberSubject))
                } else if let lag = member.lagSeconds, lag > Self.lagSeconds {
                    findings.append(Finding(
                        severity: .warning, rule: "mongodb-member-lagging",
                        cause: "MongoDB: \(setName) secondary \(name) is \(DurationText.short(lag)) behind the primary",
                        evidence: ["replSetGetStatus: \(Self.clean(member.name)) optimeDate \(Int(saturating: lag.rounded())) s behind the primary's"] + asOf,
                        next: next, subject: memberSubject))
                }
            }
        }
        return findings
    }

    /// States a member may be in without being in trouble.
    static let healthyStates: Set<String> = ["PRIMARY", "SECONDARY", "ARBITER"]

    /// `mongodb-2.mongodb-headless.ns.svc.cluster.local:27017` → `mongodb-2`: the pod a
    /// StatefulSet member's host name starts with; nil for an IP address.
    static func podName(of member: String) -> String? {
        let host = member.split(separator: ":").first.map(String.init) ?? member
        guard let first = host.split(separator: ".").first, !first.isEmpty, Int(first) == nil else { return nil }
        return String(first)
    }

    /// `mongodb-2.mongodb-headless.ns.svc.cluster.local:27017` → `mongodb-2:27017`, as a narrow
    /// screen has room for; an IP address or a bare name stays as it is.
    package static func shortName(of member: String) -> String {
        let cleaned = clean(member)
        guard let pod = podName(of: cleaned), cleaned.contains(".") else { return cleaned }
        let port = cleaned.split(separator: ":").dropFirst().last.map { ":\($0)" } ?? ""
        return pod + port
    }

    static func clean(_ text: String) -> String { TerminalText.oneLine(text, maximumLength: 120) }

    package static func percent(_ part: Int, of whole: Int) -> Int {
        Int(saturating: (Double(part) / Double(max(whole, 1)) * 100).rounded(.down))
    }

    /// Services whose pod templates name MongoDB (a variable called MONGO…, or a `mongodb://`
    /// value) while the MongoDB source does not answer.
    func unreachableForServices(in snapshot: Snapshot) -> [Finding] {
        let status = snapshot.status(of: .mongodb)
        guard status.state == .failing, let state = snapshot.kubernetes else { return [] }
        var users: [(service: String, variable: String)] = []
        for component in components where component.role == .service && component.workloadKind == .deployment {
            guard let deployment = state.deployments.first(where: { component.matches(name: $0.metadata.name, labels: $0.metadata.labels) }) else { continue }
            let env = deployment.spec.template.spec.containers.flatMap(\.env)
            if let variable = env.first(where: { $0.name.uppercased().contains("MONGO") || ($0.value ?? "").hasPrefix("mongodb://") || ($0.value ?? "").hasPrefix("mongodb+srv://") }) {
                users.append((deployment.metadata.name, TerminalText.oneLine(variable.name, maximumLength: 64)))
            }
        }
        guard !users.isEmpty else { return [] }
        let names = users.map(\.service)
        let age = status.age(at: snapshot.takenAt).map { "last good data \(DurationText.short($0)) ago" } ?? "no answer yet"
        return [Finding(
            severity: .critical, rule: "mongodb-unreachable-for-services",
            cause: "\(ServiceEnvironmentRule.list(names)) use\(names.count == 1 ? "s" : "") MongoDB (\(users[0].variable)) but MongoDB is not answering",
            evidence: ["MongoDB: \(status.reason.map { TerminalText.oneLine($0, maximumLength: 200) } ?? "unknown error")", age],
            next: "the MongoDB view (7)",
            subject: Finding.Subject(component: "mongodb", source: .mongodb))]
    }
}
