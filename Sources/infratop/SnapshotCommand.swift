import ArgumentParser
import Foundation
import InfraTopApp
import InfraTopCore
import InfraTopUI

/// `infratop snapshot`: one frame as plain text, or the collected model as JSON, without ncurses.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print one frame of the dashboard as plain text, or the collected model as JSON."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @OptionGroup var options: CommonOptions

    @Option(help: "What to print: text (the screen) or json (the whole model: pods, workloads, Kafka, ZooKeeper, Redis, findings).")
    var format: Format = .text

    @Option(help: "Width of the text frame in columns (default: the terminal's, else 120).")
    var width: Int?

    @Option(help: "Height of the text frame in rows (default: the terminal's, else 40).")
    var height: Int?

    @Option(help: ArgumentHelp("The view to print: overview, pods, kafka, redis, logs, scaling, mongodb, or 1–7.", valueName: "view"))
    var view: String = "overview"

    @MainActor
    func run() async throws {
        let session = try Launch.session(options: options)
        await session.collectOnce(timeout: max(5, session.configuration.refreshInterval * 2))
        switch format {
        case .json:
            let snapshot = session.snapshot()
            try Launch.printJSON(SnapshotDocument(snapshot: snapshot, assessment: session.assessment(of: snapshot)))
        case .text:
            var state = AppState()
            state.view = try Launch.view(named: view)
            let frame = session.frame(state: state, theme: session.themes.theme(at: session.themes.initialIndex))
            Launch.printText(of: frame, width: width, height: height, glyphs: session.glyphs)
        }
    }
}
