import ArgumentParser
import Foundation
import InfraTopApp
import InfraTopCore

/// `infratop check`: the findings as text or JSON, with an exit status for scripts and alerts.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Print the findings and exit 0 (healthy), 1 (warnings) or 2 (critical)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @OptionGroup var options: CommonOptions

    @Option(help: "How to print the findings: text, or json (the same findings as `snapshot --format json`).")
    var format: Format = .text

    /// `check --format json`: the findings and the worst severity, which the exit status also gives.
    struct Document: Encodable {
        var takenAt: Date
        var context: String
        var namespace: String
        var worstSeverity: Severity?
        var findings: [Finding]
    }

    @MainActor
    func run() async throws {
        let session = try Launch.session(options: options)
        await session.collectOnce(timeout: max(5, session.configuration.refreshInterval * 2))
        let snapshot = session.snapshot()
        let findings = session.assessment(of: snapshot).findings
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            let document = Document(
                takenAt: snapshot.takenAt, context: snapshot.context, namespace: snapshot.namespace,
                worstSeverity: findings.worstSeverity, findings: findings)
            FileHandle.standardOutput.write(try encoder.encode(document) + Data("\n".utf8))
        case .text:
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
        }
        let status = findings.worstSeverity?.exitCode ?? 0
        if status != 0 { throw ExitCode(status) }
    }
}
