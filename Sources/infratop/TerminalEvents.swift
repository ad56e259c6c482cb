import Dispatch
import Foundation
import InfraTopApp
import InfraTopUI

/// The terminal's events for a dashboard, live or replayed: keys on stdin, the signals that end
/// it, and resizes. Each handler runs on the main queue; the sources live as long as the value.
@MainActor
final class TerminalEvents {
    private var sources: [DispatchSourceProtocol] = []

    /// - Parameters:
    ///   - onKeys: the keys read in one go.
    ///   - onQuit: the exit status to leave with: 0 when the terminal went away, else the
    ///     shell's convention of 128 + the signal number.
    ///   - onResize: after the terminal took its new size.
    init(
        terminal: TerminalScreen,
        onKeys: @escaping @MainActor ([KeyPress]) -> Void,
        onQuit: @escaping @MainActor (Int32) -> Void,
        onResize: @escaping @MainActor () -> Void
    ) {
        let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        input.setEventHandler {
            MainActor.assumeIsolated {
                let keys = terminal.readKeys()
                // Readable with nothing to read: the terminal went away. Leave instead of spinning.
                if keys.isEmpty, input.data == 0 { onQuit(0) }
                onKeys(keys)
            }
        }
        sources.append(input)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .main)
            let status: Int32 = 128 + signal
            source.setEventHandler { MainActor.assumeIsolated { onQuit(status) } }
            sources.append(source)
        }
        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .main)
        resize.setEventHandler {
            MainActor.assumeIsolated {
                terminal.resize()
                onResize()
            }
        }
        sources.append(resize)
        for source in sources { source.resume() }
    }
}

extension TerminalEvents {
    /// The terminal's keys, signals and resizes, each handed to `dashboard`.
    convenience init(terminal: TerminalScreen, for dashboard: DashboardLoop) {
        self.init(
            terminal: terminal,
            onKeys: { [weak dashboard] keys in for key in keys { dashboard?.handle(key) } },
            onQuit: { [weak dashboard] status in dashboard?.quit(status: status) },
            onResize: { [weak dashboard] in dashboard?.render() }
        )
    }
}
