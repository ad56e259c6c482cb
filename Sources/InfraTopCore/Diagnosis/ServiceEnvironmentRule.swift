import Foundation
import InfraTopBasics
import InfraTopKubernetes

/// Services that cannot find Kafka or Redis: a Deployment whose pod template sets no
/// `KAFKA_BOOTSTRAP_SERVERS` or `REDIS_URL`, or services that set them to different values.
///
/// Values taken from a Secret or ConfigMap are not read (infratop holds no secrets); they count
/// as set but are left out of the comparison. Credentials in URLs are masked in the evidence.
package struct ServiceEnvironmentRule: Sendable {
    package var variables: [String]
    package var components: [Component]

    package init(variables: [String] = ["KAFKA_BOOTSTRAP_SERVERS", "REDIS_URL"], components: [Component] = Component.eCommerceSaga) {
        self.variables = variables
        self.components = components
    }

    package func findings(in snapshot: Snapshot) -> [Finding] {
        guard let state = snapshot.kubernetes else { return [] }
        let services: [(name: String, env: [EnvVar])] = components.filter { $0.role == .service && $0.workloadKind == .deployment }
            .compactMap { component in
                state.deployments.first { component.matches(name: $0.metadata.name, labels: $0.metadata.labels) }
                    .map { ($0.metadata.name, $0.spec.template.spec.containers.flatMap(\.env)) }
            }
        guard !services.isEmpty else { return [] }
        var findings: [Finding] = []
        for variable in variables {
            let missing = services.filter { service in !service.env.contains { $0.name == variable } }.map(\.name)
            if !missing.isEmpty {
                findings.append(Finding(
                    severity: .warning, rule: "service-env-missing",
                    cause: "\(Self.list(missing)) set\(missing.count == 1 ? "s" : "") no \(variable)",
                    evidence: ["checked the pod templates of \(services.count) Deployments"],
                    next: "kubectl get deployment -n \(snapshot.namespace) \(missing[0]) -o yaml"
                ))
            }
            var byValue: [String: [String]] = [:]
            for service in services {
                guard let value = service.env.last(where: { $0.name == variable })?.value else { continue }
                byValue[value, default: []].append(service.name)
            }
            if byValue.count > 1 {
                let groups = byValue.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
                findings.append(Finding(
                    severity: .warning, rule: "service-env-disagree",
                    cause: "services disagree on \(variable): \(groups.map { "\(Self.masked($0.key)) (\($0.value.count))" }.joined(separator: " vs "))",
                    evidence: groups.map { "\(variable)=\(Self.masked($0.key)): \(Self.list($0.value))" }
                ))
            }
        }
        return findings
    }

    static func list(_ names: [String]) -> String {
        names.count <= 4 ? names.joined(separator: ", ") : names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more"
    }

    /// `redis://:secret@redis:6379` → `redis://***@redis:6379`: a password never reaches the screen.
    static func masked(_ value: String) -> String {
        let cleaned = TerminalText.oneLine(value)
        guard let scheme = cleaned.range(of: "://"), let at = cleaned[scheme.upperBound...].firstIndex(of: "@") else { return cleaned }
        return String(cleaned[..<scheme.upperBound]) + "***" + String(cleaned[at...])
    }
}
