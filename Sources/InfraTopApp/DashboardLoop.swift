import Dispatch
import Foundation
import InfraTopUI

/// Where a dashboard draws: the terminal in the app, a plain grid in tests.
@MainActor
package protocol Display: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// How many colours the display shows, which the theme is fitted to.
    var colorCount: Int { get }
    /// Shows the canvas; false when nothing changed since the last one.
    @discardableResult func draw(_ canvas: Canvas) -> Bool
    /// Gives the display back as it was found.
    func shutdown()
}

/// What a dashboard shows: the live cluster (``LiveFrames``) or a recording (``ReplayFrames``).
/// Views, keys, themes and drawing are the ``DashboardLoop``'s, shared by both.
@MainActor
package protocol FrameSource: AnyObject {
    var themes: ThemeCycle { get }
    var glyphs: GlyphSet { get }
    /// Whether the status line's clock and ages move, so the screen is redrawn once a second.
    var hasClock: Bool { get }
    /// Begins producing frames; `changed` runs on the main queue when there is a new one to draw,
    /// with a message for the hint line when the source has something to say ("end of the recording").
    func start(changed: @escaping @MainActor (_ notice: String?) -> Void)
    /// The frame to draw for this state and theme; nil while there is nothing to show.
    func frame(state: AppState, theme: Theme) -> Frame?
    /// Takes a key before the dashboard's tables do (a replay's transport keys); true when taken.
    func intercept(_ key: KeyPress, state: inout AppState) -> Bool
    /// Carries out a command the state asked for that only the source can (refresh, logs).
    func perform(_ command: AppState.Command, state: inout AppState)
    /// Stops producing and lets go of connections, files and timers.
    func stop()
}

/// The interactive dashboard, live or replayed: keys to state, state to frames, frames to the
/// display, with the theme fitted to the display's colours.
///
/// Everything here runs on the main queue. Sources work on their own queues and hop back to it;
/// between events the main queue sleeps until a key, a signal or a timer wakes it, so an idle
/// dashboard costs next to nothing.
@MainActor
package final class DashboardLoop {
    private let source: FrameSource
    private let display: Display
    package private(set) var state: AppState
    private var themeIndex: Int
    /// The current theme fitted to the display's colours, made once per theme change.
    private var fitted = FittedTheme()
    private var lastFrame: RenderedFrame?
    private var clock: DispatchSourceTimer?
    /// Holds `run`'s task suspended while the main queue serves events; never resumed, because
    /// quitting exits the process after restoring the terminal.
    private var untilQuit: CheckedContinuation<Void, Never>?

    package init(source: FrameSource, display: Display, state: AppState = AppState()) {
        self.source = source
        self.display = display
        self.state = state
        self.themeIndex = source.themes.initialIndex
    }

    /// Starts the source and the clock, draws the first frame, and returns only by exiting.
    package func run() async {
        start()
        await withCheckedContinuation { self.untilQuit = $0 }
    }

    /// Starts the source and the clock and draws the first frame.
    package func start() {
        source.start { [weak self] notice in
            guard let self else { return }
            if let notice { self.state.notice = notice }
            self.render()
        }
        if source.hasClock { startClock() }
        render()
    }

    package func render() {
        let theme = fitted.theme(at: themeIndex, of: source.themes, colorCount: display.colorCount)
        guard let frame = source.frame(state: state, theme: theme) else { return }
        let rendered = Screen.render(frame, width: display.width, height: display.height, glyphs: source.glyphs)
        lastFrame = rendered
        display.draw(rendered.canvas)
        // Ages are whole seconds: the clock need only tick a second after the last frame, so a
        // second with a poll result or a key in it costs one frame, not two.
        clock?.schedule(deadline: .now() + 1, repeating: 1, leeway: .milliseconds(100))
    }

    package func handle(_ key: KeyPress) {
        defer { render() }
        if source.intercept(key, state: &state) { return }
        let metrics = lastFrame
        let command = state.handle(
            key,
            panelCount: metrics?.panelCount ?? 1,
            rowCount: metrics?.rowCount ?? 0,
            pageSize: metrics?.pageSize ?? 10,
            logSource: metrics?.logSource,
            logs: metrics?.logs ?? LogViewMetrics()
        )
        switch command {
        case .quit:
            quit(status: 0)
        case .nextTheme:
            themeIndex = source.themes.index(after: themeIndex)
            state.notice = "theme: \(source.themes.name(at: themeIndex))"
        case let command?:
            source.perform(command, state: &state)
        case nil:
            break
        }
    }

    /// Shows a message on the hint line until the next key, such as a recording that stopped.
    package func showNotice(_ text: String) {
        state.notice = text
        render()
    }

    /// Stops the source, gives the terminal back and leaves with `status`.
    package func quit(status: Int32) -> Never {
        clock?.cancel()
        source.stop()
        display.shutdown()
        exit(status)
    }

    /// The status line's clock and ages move once a second: a second without another frame
    /// draws one, and only the cells that changed reach the terminal.
    private func startClock() {
        let clock = DispatchSource.makeTimerSource(queue: .main)
        clock.schedule(deadline: .now() + 1, repeating: 1, leeway: .milliseconds(100))
        clock.setEventHandler { [weak self] in MainActor.assumeIsolated { self?.render() } }
        clock.resume()
        self.clock = clock
    }
}
