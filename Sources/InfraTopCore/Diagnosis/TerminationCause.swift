import InfraTopBasics
import InfraTopKubernetes

/// Why a crash-looping container's last run ended, when the kubelet's record says more than any
/// log line could: the kernel's OOM killer, with the memory limit the container ran into.
struct TerminationCause: Equatable {
    var reason: String
    var exitCode: Int
    /// The container's memory limit as its spec writes it (`1Gi`); nil when it has none.
    var memoryLimit: String?

    init?(pod: Pod, container: ContainerStatus) {
        guard let last = container.lastState.terminated, last.reason == "OOMKilled" else { return nil }
        reason = last.reason
        exitCode = last.exitCode
        let spec = pod.container(named: container.name)
        memoryLimit = spec?.resources?.limits["memory"].map { TerminalText.oneLine($0, maximumLength: 32) }
    }

    /// `OOMKilled (exit 137) at limit 1Gi`.
    var sentence: String {
        "\(reason) (exit \(exitCode))" + (memoryLimit.map { " at limit \($0)" } ?? " with no memory limit set")
    }
}
