import InfraTopCore

/// The open logs pane: what it follows and how it shows it. Owned by the main queue, in ``AppState``.
package struct LogPaneState: Sendable, Equatable {
    package var source: LogSource
    /// The chosen container of a pod (`c` cycles); nil for a merged workload.
    package var container: String?
    /// The previous container's log (`p`), the crash behind a CrashLoopBackOff.
    package var previous = false
    package var isFullScreen = false
    /// At the tail, showing new lines as they come (`s` pauses).
    package var follows = true
    package var wraps = false
    package var showsTimestamps = false
    /// A regular expression (case-insensitive); only matching lines show, matches highlighted.
    package var pattern = ""
    package var isEditingPattern = false
    /// While paused: the sequence number of the top line shown.
    package var top: Int?
    /// The line `n`/`N` landed on.
    package var currentMatch: Int?

    package init(source: LogSource, container: String? = nil) {
        self.source = source
        if case .pod(_, let containers) = source { self.container = container ?? containers.first } else { self.container = container }
    }

    /// A short name for the pane's title: `pod/order-service-…/app`, `deploy/payment-service`.
    package var title: String {
        var title = source.title
        if case .pod(_, let containers) = source, containers.count > 1, let container { title += "/\(container)" }
        if previous { title += " (previous)" }
        return title
    }
}

/// Where the rendered pane's lines are, so keys can scroll it without knowing its contents.
package struct LogViewMetrics: Sendable, Equatable {
    /// Sequence numbers of the first and last lines shown; nil when the pane shows none.
    package var top: Int?
    package var bottom: Int?
    /// The top line one line or one page up or down, among lines the filter lets through.
    package var lineUp: Int?
    package var lineDown: Int?
    package var pageUp: Int?
    package var pageDown: Int?
    /// The first line held at all.
    package var first: Int?
    /// The shown line after / before the current match (or the first / last shown).
    package var nextMatch: Int?
    package var previousMatch: Int?

    package init(top: Int? = nil, bottom: Int? = nil, lineUp: Int? = nil, lineDown: Int? = nil, pageUp: Int? = nil, pageDown: Int? = nil,
                 first: Int? = nil, nextMatch: Int? = nil, previousMatch: Int? = nil) {
        self.top = top
        self.bottom = bottom
        self.lineUp = lineUp
        self.lineDown = lineDown
        self.pageUp = pageUp
        self.pageDown = pageDown
        self.first = first
        self.nextMatch = nextMatch
        self.previousMatch = previousMatch
    }
}

extension AppState {
    /// Performs one of the logs pane's actions (``KeyBindings/logPane``) on the open pane.
    mutating func performInLogPane(_ action: KeyAction, metrics: LogViewMetrics) -> Command? {
        guard var pane = logPane else { return nil }
        defer { if logPane != nil { logPane = pane } }
        func scroll(to top: Int?) {
            guard let top else { return }
            pane.follows = false
            pane.top = top
        }
        switch action {
        case .closeLogs:
            if !pane.pattern.isEmpty {
                pane.pattern = ""
                pane.currentMatch = nil
                return nil
            }
            logPane = nil
            return .closeLogs
        case .toggleFullScreen: pane.isFullScreen.toggle()
        case .toggleWrap: pane.wraps.toggle()
        case .toggleTimestamps: pane.showsTimestamps.toggle()
        case .toggleFollow:
            if pane.follows {
                pane.follows = false
                pane.top = metrics.top
            } else {
                pane.follows = true
                pane.top = nil
            }
        case .editPattern: pane.isEditingPattern = true
        case .nextMatch, .previousMatch:
            guard !pane.pattern.isEmpty else { return nil }
            let target = action == .nextMatch ? metrics.nextMatch : metrics.previousMatch
            guard let target else { return nil }
            pane.currentMatch = target
            pane.follows = false
            if let top = metrics.top, let bottom = metrics.bottom, (top...bottom).contains(target) {
                pane.top = top
            } else {
                pane.top = target
            }
        case .scrollLogs(.up): scroll(to: metrics.lineUp)
        case .scrollLogs(.down): scroll(to: metrics.lineDown)
        case .scrollLogs(.pageUp): scroll(to: metrics.pageUp)
        case .scrollLogs(.pageDown): scroll(to: metrics.pageDown)
        case .scrollLogs(.top): scroll(to: metrics.first)
        case .scrollLogs(.bottom):
            pane.follows = true
            pane.top = nil
        case .togglePrevious:
            guard case .pod = pane.source else { return nil }
            pane.previous.toggle()
            pane.top = nil
            pane.follows = true
            logPane = pane
            return .reopenLogs
        case .nextContainer:
            guard case .pod(_, let containers) = pane.source, containers.count > 1 else {
                notice = "this pod has one container"
                return nil
            }
            let index = pane.container.flatMap { containers.firstIndex(of: $0) } ?? -1
            pane.container = containers[(index + 1) % containers.count]
            pane.top = nil
            pane.follows = true
            logPane = pane
            notice = "container: \(pane.container ?? "")"
            return .reopenLogs
        case .saveLogs: return .saveLogs
        case .clearLogs:
            pane.top = nil
            pane.currentMatch = nil
            return .clearLogs
        default:
            break
        }
        return nil
    }
}
