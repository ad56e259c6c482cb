import Foundation
import InfraTopKubernetes

/// Keeps secrets a pod spec may carry in plain text out of recordings.
///
/// infratop reads environment variables only to compare service settings (`REDIS_URL`,
/// `KAFKA_BOOTSTRAP_SERVERS`); no view shows their values, so replacing a secret-looking value
/// changes nothing on screen while keeping it off the disk.
enum SecretRedaction {
    static let placeholder = "(redacted)"

    /// Words in a variable's name that mark its value as a secret.
    static let secretWords = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "APIKEY", "API_KEY", "PRIVATE_KEY", "AUTH"]

    static func redacting(_ state: KubernetesState) -> KubernetesState {
        var state = state
        // One assignment, so the pods are indexed once.
        state.pods = state.pods.map { pod in
            var pod = pod
            pod.spec.containers = pod.spec.containers.map(redacting)
            pod.spec.initContainers = pod.spec.initContainers.map(redacting)
            return pod
        }
        return state
    }

    static func redacting(_ container: Container) -> Container {
        var container = container
        container.env = container.env.map { variable in
            guard let value = variable.value else { return variable }
            var variable = variable
            let name = variable.name.uppercased()
            if secretWords.contains(where: name.contains) {
                variable.value = placeholder
            } else {
                variable.value = redactingURLPassword(value)
            }
            return variable
        }
        return container
    }

    /// `redis://:hunter2@redis:6379` → `redis://:(redacted)@redis:6379`; anything else unchanged.
    static func redactingURLPassword(_ value: String) -> String {
        guard let scheme = value.range(of: "://") else { return value }
        let rest = value[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return value }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return value }
        return String(value[..<userInfo.index(after: colon)]) + placeholder + String(value[at...])
    }
}
