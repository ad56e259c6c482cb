import Foundation

/// How bad a finding is; ordered so that the worst sorts last.
package enum Severity: Int, Sendable, Codable, Comparable, CaseIterable, CustomStringConvertible {
    case info = 0
    case warning = 1
    case critical = 2

    package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    package var description: String {
        switch self {
        case .info: "info"
        case .warning: "warning"
        case .critical: "critical"
        }
    }

    /// The exit status of `infratop check` for this worst severity: 0, 1 or 2.
    package var exitCode: Int32 { Int32(rawValue) }

    /// JSON spells it as people and Prometheus's labels do: `"critical"`; a number is read too.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self), let severity = Severity(rawValue: number) {
            self = severity
            return
        }
        let name = try container.decode(String.self)
        guard let severity = Severity.allCases.first(where: { $0.description == name }) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown severity \"\(name.prefix(32))\"")
        }
        self = severity
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Something wrong (or worth knowing) in the cluster, with its cause and evidence.
package struct Finding: Sendable, Codable, Equatable {
    /// What a finding is about, for joining findings without reading their sentences.
    package struct Subject: Sendable, Codable, Equatable {
        /// The component (`kafka`, `zookeeper`, `order`…) whose workload or source it concerns.
        package var component: String?
        /// The source (Kafka, ZooKeeper…) that is not answering.
        package var source: SourceID?
        /// The pods it names (a workload's missing replicas), by name.
        package var pods: [String]

        package init(component: String? = nil, source: SourceID? = nil, pods: [String] = []) {
            self.component = component
            self.source = source
            self.pods = pods
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            component = try container.decodeIfPresent(String.self, forKey: .component)
            source = try container.decodeIfPresent(SourceID.self, forKey: .source)
            // Recordings made before subjects named pods have none.
            pods = try container.decodeIfPresent([String].self, forKey: .pods) ?? []
        }
    }

    package var severity: Severity
    /// The rule that produced it, e.g. `source-stale`.
    package var rule: String
    /// One line saying what is wrong and why.
    package var cause: String
    /// The facts it rests on.
    package var evidence: [String]
    /// Where to look next.
    package var next: String?
    /// What it is about, when a rule knows.
    package var subject: Subject?

    package init(severity: Severity, rule: String, cause: String, evidence: [String] = [], next: String? = nil, subject: Subject? = nil) {
        self.severity = severity
        self.rule = rule
        self.cause = cause
        self.evidence = evidence
        self.next = next
        self.subject = subject
    }
}

extension Array where Element == Finding {
    /// Worst first; within a severity, the order the rules produced them.
    package func rankedBySeverity() -> [Finding] {
        enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
        }.map(\.element)
    }

    /// The worst severity present, or nil when there are no findings.
    package var worstSeverity: Severity? { map(\.severity).max() }
}
