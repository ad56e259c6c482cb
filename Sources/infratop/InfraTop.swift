import ArgumentParser
import Foundation
import InfraTopApp
import InfraTopBasics
import InfraTopCore
import InfraTopUI

@main
struct InfraTop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infratop",
        abstract: "A live terminal dashboard for a Kubernetes namespace running Kafka, ZooKeeper, Redis and services.",
        discussion: "infratop only reads: it never writes to the cluster and never execs into pods.",
        version: InfraTopVersion.current,
        subcommands: [DashboardCommand.self, SnapshotCommand.self, CheckCommand.self, ReplayCommand.self, ServeCommand.self],
        defaultSubcommand: DashboardCommand.self
    )
}

/// `infratop` with no subcommand: the interactive dashboard.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Run the interactive dashboard (the default)."
    )

    @OptionGroup var options: CommonOptions

    @Option(help: ArgumentHelp("Append every snapshot to this file as a JSON line, for `infratop replay`.", valueName: "file"))
    var record: String?

    @MainActor
    func run() async throws {
        guard isatty(STDOUT_FILENO) != 0, isatty(STDIN_FILENO) != 0 else {
            throw ValidationError("infratop needs a terminal; to print one frame as text, run `infratop snapshot`")
        }
        let session = try Launch.session(options: options)
        // Opened before the terminal is taken over, so a bad path is a plain error message.
        let notices = NoticeRelay()
        if let record {
            do {
                try session.startRecording(to: record) { message in notices.dashboard?.showNotice(message) }
            } catch {
                throw ValidationError("\(error)")
            }
        }
        let terminal: TerminalScreen
        do {
            terminal = try TerminalScreen(isUTF8: session.glyphs.allowsUnicode)
        } catch {
            throw ValidationError("\(error)")
        }
        let dashboard = DashboardLoop(source: LiveFrames(session: session), display: terminal)
        notices.dashboard = dashboard
        let events = TerminalEvents(terminal: terminal, for: dashboard)
        await dashboard.run()
        withExtendedLifetime(events) {}
    }
}
