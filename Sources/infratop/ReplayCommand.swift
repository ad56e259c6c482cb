import ArgumentParser
import Foundation
import InfraTopApp
import InfraTopCore
import InfraTopUI

/// `infratop replay FILE`: a recording made with `--record`, played in the dashboard.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Play a recording made with `infratop --record FILE` in the dashboard, for post-mortems.",
        discussion: """
        Nothing is polled: the screens are the recorded ones, at the recorded times. Keys: space pause/play, \
        . and , step one snapshot, ] and [ (or → ←) seek one minute, > and < change speed; views, filter and \
        help as in the dashboard. With --print, one snapshot is printed as text (or JSON) instead.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: ArgumentHelp("The recording, as written by `infratop --record`.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Start at this snapshot, from 1; negative counts from the end (--at=-1 is the last).", valueName: "n"))
    var at: Int = 1

    @Option(help: ArgumentHelp("Playback speed: 1 is the recorded pace (1, 2, 4 … 64).", valueName: "x"))
    var speed: Double = 1

    @Flag(help: "Start paused.")
    var paused = false

    @Flag(help: "Print the snapshot given by --at and exit, as `infratop snapshot` does.")
    var print = false

    @Option(help: "With --print, what to print: text (the screen) or json (the model and findings).")
    var format: Format = .text

    @Option(help: ArgumentHelp("With --print, the view: overview, pods, kafka, redis, logs, scaling, mongodb, or 1–7.", valueName: "view"))
    var view: String = "overview"

    @Option(help: "With --print, the width in columns (default: the terminal's, else 120).")
    var width: Int?

    @Option(help: "With --print, the height in rows (default: the terminal's, else 40).")
    var height: Int?

    @Option(help: ArgumentHelp("A theme name or the path of a theme file.", valueName: "name|path"))
    var theme: String?

    func validate() throws {
        guard ReplayPlayer.speeds.contains(speed) else {
            throw ValidationError("--speed must be one of \(ReplayPlayer.speeds.map { ReplayStatus.speedText($0) }.joined(separator: ", "))")
        }
    }

    @MainActor
    func run() async throws {
        // Opening decodes every line once; say so, since a long recording takes a moment.
        if isatty(STDERR_FILENO) != 0 {
            FileHandle.standardError.write(Data("infratop: reading \(file)…\n".utf8))
        }
        let cursor: ReplayCursor
        do {
            cursor = try ReplayCursor(path: file)
        } catch {
            throw ValidationError("\(error)")
        }
        let recording = cursor.recording
        guard recording.count > 0 else {
            let why = recording.problems.first.map { " (\($0))" } ?? ""
            throw ValidationError("\(file) holds no snapshot that can be replayed\(why)")
        }
        let index = at > 0 ? at - 1 : recording.count + at
        guard index >= 0, index < recording.count else {
            throw ValidationError("--at \(at) is outside the recording: it holds \(recording.count) snapshots")
        }
        let environment = ProcessInfo.processInfo.environment
        let isUTF8 = TerminalLocale.activate()
        let themes: ThemeCycle
        do {
            themes = try ThemeCycle(flag: theme, configured: nil, environment: environment)
        } catch {
            throw ValidationError(error.description)
        }
        let player = ReplayPlayer(cursor: cursor, startAt: index, isPaused: paused || print, speed: speed)
        let replay = ReplayFrames(player: player, themes: themes, glyphs: isUTF8 ? .unicode : .ascii)
        if print {
            for problem in recording.problems {
                FileHandle.standardError.write(Data("infratop: \(file) \(problem), skipped\n".utf8))
            }
            try printSnapshot(replay)
            return
        }
        guard isatty(STDOUT_FILENO) != 0, isatty(STDIN_FILENO) != 0 else {
            throw ValidationError("infratop replay needs a terminal; to print one snapshot as text, add --print")
        }
        let terminal: TerminalScreen
        do {
            terminal = try TerminalScreen(isUTF8: isUTF8)
        } catch {
            throw ValidationError("\(error)")
        }
        var state = AppState()
        state.notice = replay.openingNotice
        let dashboard = DashboardLoop(source: replay, display: terminal, state: state)
        let events = TerminalEvents(terminal: terminal, for: dashboard)
        await dashboard.run()
        withExtendedLifetime(events) {}
    }

    @MainActor
    private func printSnapshot(_ replay: ReplayFrames) throws {
        switch format {
        case .json:
            guard let snapshot = replay.player.cursor.snapshot else { return }
            try Launch.printJSON(SnapshotDocument(snapshot: snapshot, assessment: Assessment(snapshot: snapshot, diagnosis: replay.diagnosis)))
        case .text:
            var state = AppState()
            state.view = try Launch.view(named: view)
            guard let frame = replay.frame(state: state, theme: replay.themes.theme(at: replay.themes.initialIndex)) else { return }
            Launch.printText(of: frame, width: width, height: height, glyphs: replay.glyphs)
        }
    }
}
