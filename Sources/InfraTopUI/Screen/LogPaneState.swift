import InfraTopCore

/// The open logs pane: what it follows and how it shows it. Owned by the main queue, in ``AppState``.
public struct LogPaneState: Sendable, Equatable {
    public var source: LogSource
    /// The chosen container of a pod (`c` cycles); nil for a merged workload.
    public var container: String?
    /// The previous container's log (`p`), the crash behind a CrashLoopBackOff.
    public var previous = false
    public var isFullScreen = false
    /// At the tail, showing new lines as they come (`s` pauses).
    public var follows = true
    public var wraps = false
    public var showsTimestamps = false
    /// A regular expression (case-insensitive); only matching lines show, matches highlighted.
    public var pattern = ""
    public var isEditingPattern = false
    /// While paused: the sequence number of the top line shown.
    public var top: Int?
    /// The line `n`/`N` landed on.
    public var currentMatch: Int?

    public init(source: LogSource, container: String? = nil) {
        self.source = source
        if case .pod(_, let containers) = source { self.container = container ?? containers.first } else { self.container = container }
    }

    /// A short name for the pane's title: `pod/order-service-…/app`, `deploy/payment-service`.
    public var title: String {
        var title = source.title
        if case .pod(_, let containers) = source, containers.count > 1, let container { title += "/\(container)" }
        if previous { title += " (previous)" }
        return title
    }
}

/// Where the rendered pane's lines are, so keys can scroll it without knowing its contents.
public struct LogViewMetrics: Sendable, Equatable {
    /// Sequence numbers of the first and last lines shown; nil when the pane shows none.
    public var top: Int?
    public var bottom: Int?
    /// The top line one line or one page up or down, among lines the filter lets through.
    public var lineUp: Int?
    public var lineDown: Int?
    public var pageUp: Int?
    public var pageDown: Int?
    /// The first line held at all.
    public var first: Int?
    /// The shown line after / before the current match (or the first / last shown).
    public var nextMatch: Int?
    public var previousMatch: Int?

    public init(top: Int? = nil, bottom: Int? = nil, lineUp: Int? = nil, lineDown: Int? = nil, pageUp: Int? = nil, pageDown: Int? = nil,
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
    /// Keys of the open logs pane; nil when the key is not the pane's (the dashboard handles it).
    mutating func handleLogPane(_ key: KeyPress, metrics: LogViewMetrics) -> Command?? {
        guard var pane = logPane else { return nil }
        defer { if logPane != nil { logPane = pane } }
        if pane.isEditingPattern {
            switch key {
            case .enter: pane.isEditingPattern = false
            case .escape:
                pane.isEditingPattern = false
                pane.pattern = ""
            case .backspace:
                if !pane.pattern.isEmpty { pane.pattern.removeLast() }
            case .character(let character):
                if pane.pattern.count < 128 { pane.pattern.append(character) }
            default: break
            }
            pane.currentMatch = nil
            return .some(nil)
        }
        func scroll(to top: Int?) {
            guard let top else { return }
            pane.follows = false
            pane.top = top
        }
        switch key {
        case .escape:
            if !pane.pattern.isEmpty {
                pane.pattern = ""
                pane.currentMatch = nil
                return .some(nil)
            }
            logPane = nil
            return .some(.closeLogs)
        case .character("f"): pane.isFullScreen.toggle()
        case .character("w"): pane.wraps.toggle()
        case .character("t"): pane.showsTimestamps.toggle()
        case .character("s"):
            if pane.follows {
                pane.follows = false
                pane.top = metrics.top
            } else {
                pane.follows = true
                pane.top = nil
            }
        case .character("/"): pane.isEditingPattern = true
        case .character("n"), .character("N"):
            guard !pane.pattern.isEmpty else { return .some(nil) }
            let target = key == .character("n") ? metrics.nextMatch : metrics.previousMatch
            guard let target else { return .some(nil) }
            pane.currentMatch = target
            pane.follows = false
            if let top = metrics.top, let bottom = metrics.bottom, (top...bottom).contains(target) {
                pane.top = top
            } else {
                pane.top = target
            }
        case .up, .character("k"): scroll(to: metrics.lineUp)
        case .down, .character("j"): scroll(to: metrics.lineDown)
        case .pageUp: scroll(to: metrics.pageUp)
        case .pageDown: scroll(to: metrics.pageDown)
        case .home, .character("g"): scroll(to: metrics.first)
        case .end, .character("G"):
            pane.follows = true
            pane.top = nil
        case .character("p"):
            guard case .pod = pane.source else { return .some(nil) }
            pane.previous.toggle()
            pane.top = nil
            pane.follows = true
            logPane = pane
            return .some(.reopenLogs)
        case .character("c"):
            guard case .pod(_, let containers) = pane.source, containers.count > 1 else {
                notice = "this pod has one container"
                return .some(nil)
            }
            let index = pane.container.flatMap { containers.firstIndex(of: $0) } ?? -1
            pane.container = containers[(index + 1) % containers.count]
            pane.top = nil
            pane.follows = true
            logPane = pane
            notice = "container: \(pane.container ?? "")"
            return .some(.reopenLogs)
        case .character("S"): return .some(.saveLogs)
        case .character("x"):
            pane.top = nil
            pane.currentMatch = nil
            return .some(.clearLogs)
        default:
            return nil
        }
        return .some(nil)
    }
}
