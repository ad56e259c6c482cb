import ArgumentParser
import Foundation
import InfraTopApp
import InfraTopCore

/// `infratop check`: the findings as text, with an exit status for scripts and alerts.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Print the findings and exit 0 (healthy), 1 (warnings) or 2 (critical)."
    )

    @OptionGroup var options: CommonOptions

    @MainActor
    func run() async throws {
        let session = try Launch.session(options: options)
        await session.collectOnce(timeout: max(5, session.configuration.refreshInterval * 2))
        let findings = session.findings()
        var output = ""
        if findings.isEmpty {
            output = "OK: no findings in \(session.namespace)\n"
        }
        for finding in findings {
            output += "\(finding.severity.description.uppercased()): \(finding.cause)\n"
            for line in finding.evidence { output += "  - \(line)\n" }
            if let next = finding.next { output += "  next: \(next)\n" }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        let status = findings.worstSeverity?.exitCode ?? 0
        if status != 0 { throw ExitCode(status) }
    }
}
