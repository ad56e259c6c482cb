import Dispatch
import Foundation
import InfraTopCore
import InfraTopUI
import Logging

/// The interactive dashboard: wires collectors, the store, key handling and the terminal.
///
/// Everything here runs on the main queue. Collectors poll on their own queues and hop back to
/// it with results; between ticks the main queue sleeps until a key, a signal or
/// a timer wakes it, so an idle dashboard costs next to nothing.
@MainActor
final class Dashboard {
    private let session: Session
    private let terminal: TerminalScreen
    private var state = AppState()
    private var themeIndex: Int
    /// The current theme fitted to the terminal's colours, made once per theme change.
    private var fittedTheme: (index: Int, theme: Theme)?
    private var lastFrame: RenderedFrame?
    private var sources: [DispatchSourceProtocol] = []
    private let logger = Logger(label: "infratop.dashboard")

    init(session: Session, terminal: TerminalScreen) {
        self.session = session
        self.terminal = terminal
        self.themeIndex = session.themes.initialIndex
    }

    /// Holds the dashboard's task suspended while the main queue serves events; never resumed,
    /// because quitting exits the process after restoring the terminal.
    private var untilQuit: CheckedContinuation<Void, Never>?

    /// Starts everything and returns only by exiting the process.
    func run() async {
        session.onChange = { [weak self] in self?.render() }
        session.start()
        watchInput()
        watchSignals()
        startClock()
        render()
        logger.info("dashboard started", metadata: ["namespace": "\(session.namespace)"])
        await withCheckedContinuation { self.untilQuit = $0 }
    }

    private func render() {
        let frame = session.frame(state: state, theme: currentTheme())
        let rendered = Screen.render(frame, width: terminal.width, height: terminal.height, glyphs: session.glyphs)
        lastFrame = rendered
        terminal.draw(rendered.canvas)
    }

    /// Reduced as a whole, not colour by colour, so text that would vanish into its background on
    /// a 16- or 8-colour terminal is redrawn readable; below 8 colours only attributes remain.
    private func currentTheme() -> Theme {
        if let fittedTheme, fittedTheme.index == themeIndex { return fittedTheme.theme }
        let theme = session.themes.theme(at: themeIndex)
        let fitted = ColorDepth(colorCount: terminal.colorCount).map { theme.reduced(to: $0) } ?? Theme.monochrome
        fittedTheme = (themeIndex, fitted)
        return fitted
    }

    private func handle(_ key: KeyPress) {
        let metrics = lastFrame
        let command = state.handle(
            key,
            panelCount: metrics?.panelCount ?? 1,
            rowCount: metrics?.rowCount ?? 0,
            pageSize: metrics?.pageSize ?? 10
        )
        switch command {
        case .quit:
            quit(status: 0)
        case .refreshNow:
            session.refreshNow()
            state.notice = "refreshing every source now"
        case .nextTheme:
            themeIndex = session.themes.index(after: themeIndex)
            state.notice = "theme: \(session.themes.name(at: themeIndex))"
        case nil:
            break
        }
        render()
    }

    // MARK: - Event sources

    private func watchInput() {
        let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        input.setEventHandler { [weak self] in
            MainActor.assumeIsolated {
                guard let self else { return }
                let keys = self.terminal.readKeys()
                // Readable with nothing to read: the terminal went away. Leave instead of spinning.
                if keys.isEmpty, input.data == 0 { self.quit(status: 0) }
                for key in keys { self.handle(key) }
            }
        }
        input.resume()
        sources.append(input)
    }

    private func watchSignals() {
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .main)
            // The shell's convention: 128 + the signal number.
            let status: Int32 = 128 + signal
            source.setEventHandler { [weak self] in
                MainActor.assumeIsolated {
                    guard let self else { return }
                    self.quit(status: status)
                }
            }
            source.resume()
            sources.append(source)
        }
        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .main)
        resize.setEventHandler { [weak self] in
            MainActor.assumeIsolated {
                guard let self else { return }
                self.terminal.resize()
                self.render()
            }
        }
        resize.resume()
        sources.append(resize)
    }

    /// The status line's clock and ages move once a second; only those cells are redrawn.
    private func startClock() {
        let clock = DispatchSource.makeTimerSource(queue: .main)
        clock.schedule(deadline: .now() + 1, repeating: 1, leeway: .milliseconds(100))
        clock.setEventHandler { [weak self] in MainActor.assumeIsolated { self?.render() } }
        clock.resume()
        sources.append(clock)
    }

    /// Shows a message on the hint line until the next key, such as a recording that stopped.
    func showNotice(_ text: String) {
        state.notice = text
        render()
    }

    private func quit(status: Int32) -> Never {
        session.stop()
        terminal.shutdown()
        logger.info("dashboard stopped")
        exit(status)
    }
}
