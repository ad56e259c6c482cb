import ArgumentParser
import CNcurses
import Foundation
import InfraTopApp
import InfraTopCore
import InfraTopUI

/// Start-up steps shared by the dashboard, `snapshot` and `check`.
enum Launch {
    /// Resolves configuration, logging, locale and theme; every failure is a message, not a crash.
    @MainActor
    static func session(options: CommonOptions) throws -> Session {
        let environment = ProcessInfo.processInfo.environment
        let configuration = try options.resolve(environment: environment)
        do {
            try FileLogHandler.bootstrap(path: configuration.logFile)
        } catch {
            throw ValidationError("cannot write the log file \(configuration.logFile ?? ""): check the path and its permissions")
        }
        let isUTF8 = TerminalLocale.activate()
        let themes = try loadThemes(flag: options.theme, configured: configuration.theme, environment: environment)
        return Session(configuration: configuration, themes: themes, glyphs: isUTF8 ? .unicode : .ascii)
    }

    /// A theme error stops start-up with its file, line and key.
    private static func loadThemes(flag: String?, configured: String?, environment: [String: String]) throws -> ThemeCycle {
        do {
            return try ThemeCycle(flag: flag, configured: configured, environment: environment)
        } catch {
            throw ValidationError(error.description)
        }
    }

    static func view(named name: String) throws -> ViewID {
        if let number = Int(name), let view = ViewID(rawValue: number) { return view }
        if let view = ViewID.allCases.first(where: { $0.title.lowercased() == name.lowercased() }) { return view }
        let names = ViewID.allCases.map { $0.title.lowercased() }.joined(separator: ", ")
        throw ValidationError("unknown view \"\(name)\": use one of \(names), or 1–7")
    }

    /// The terminal's size when stdout is a terminal.
    static func terminalSize() -> (width: Int, height: Int)? {
        var rows: Int32 = 0
        var columns: Int32 = 0
        guard isatty(STDOUT_FILENO) != 0, infratop_terminal_size(&rows, &columns) == 0 else { return nil }
        return (Int(columns), Int(rows))
    }

    static func trimmingTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }

    /// One frame as text on standard output, for `snapshot` and `replay --print`: the size asked
    /// for, else the terminal's, else 120×40; trailing spaces trimmed.
    @MainActor
    static func printText(of frame: Frame, width: Int?, height: Int?, glyphs: GlyphSet) {
        let size = terminalSize()
        let rendered = Screen.render(frame, width: width ?? size?.width ?? 120, height: height ?? size?.height ?? 40, glyphs: glyphs)
        let text = rendered.canvas.lines.map(trimmingTrailingSpaces).joined(separator: "\n")
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// `snapshot --format json` and `replay --print --format json`: the document and a newline.
    static func printJSON(_ document: SnapshotDocument) throws {
        FileHandle.standardOutput.write(try document.encoded())
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
