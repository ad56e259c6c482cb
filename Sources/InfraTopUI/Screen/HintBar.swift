/// The bottom line: the filter being typed, a notice, or the keys that matter here.
struct HintBar: Widget {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) {
        let state = frame.state
        canvas.fill(area, style: frame.style(.background))
        let editsPattern = state.logPane?.isEditingPattern == true
        if state.isEditingFilter || editsPattern {
            let cursor = canvas.glyphs.allowsUnicode ? "█" : "_"
            let line = StyledLine([
                Span(editsPattern ? " / regex " : " / ", style: frame.style(.key)),
                Span((editsPattern ? state.logPane?.pattern ?? "" : state.filter) + cursor, style: frame.style(.match)),
                Span("   enter apply  esc clear", style: frame.style(.muted)),
            ])
            canvas.write(line, x: area.x, y: area.y, clip: area)
            return
        }
        if let notice = state.notice {
            canvas.write(" " + notice, x: area.x, y: area.y, style: frame.style(.accent), clip: area)
            return
        }
        var hints: [KeyHint] = []
        if let pane = state.logPane {
            hints = Self.logHints(pane)
            let bar = KeyHints(hints, keyStyle: frame.style(.key), labelStyle: frame.style(.muted), background: frame.style(.background))
            bar.render(in: Rect(x: area.x + 1, y: area.y, width: area.width - 1, height: 1), on: &canvas)
            return
        }
        if !state.filter.isEmpty { hints.append(KeyHint(key: "/", label: "filter: \(state.filter)")) }
        if let replay = frame.replay {
            hints += Self.replayHints(isPaused: replay.isPaused)
        } else {
            hints += Self.liveHints
        }
        let bar = KeyHints(hints, keyStyle: frame.style(.key), labelStyle: frame.style(.muted), background: frame.style(.background))
        bar.render(in: Rect(x: area.x + 1, y: area.y, width: area.width - 1, height: 1), on: &canvas)
    }

    static let liveHints = [
        KeyHint(key: "q", label: "quit"),
        KeyHint(key: "?", label: "help"),
        KeyHint(key: "1-6", label: "views"),
        KeyHint(key: "tab", label: "focus"),
        KeyHint(key: "/", label: "filter"),
        KeyHint(key: "enter", label: "open"),
        KeyHint(key: "esc", label: "back"),
        KeyHint(key: "t", label: "theme"),
        KeyHint(key: "r", label: "refresh"),
    ]

    /// A replay has nothing to refresh; its own keys come first.
    static func replayHints(isPaused: Bool) -> [KeyHint] {
        [
            KeyHint(key: "q", label: "quit"),
            KeyHint(key: "space", label: isPaused ? "play" : "pause"),
            KeyHint(key: ". ,", label: "step"),
            KeyHint(key: "] [", label: "seek 1m"),
            KeyHint(key: "> <", label: "speed"),
            KeyHint(key: "?", label: "help"),
            KeyHint(key: "1-6", label: "views"),
            KeyHint(key: "/", label: "filter"),
            KeyHint(key: "t", label: "theme"),
        ]
    }

    /// The logs pane's keys; `t` means timestamps here, not theme.
    static func logHints(_ pane: LogPaneState) -> [KeyHint] {
        var hints = [
            KeyHint(key: "esc", label: pane.pattern.isEmpty ? "close" : "clear filter"),
            KeyHint(key: "s", label: pane.follows ? "pause" : "follow"),
            KeyHint(key: "w", label: "wrap"),
            KeyHint(key: "t", label: "timestamps"),
            KeyHint(key: "/", label: "filter"),
        ]
        if !pane.pattern.isEmpty { hints.append(KeyHint(key: "n N", label: "match")) }
        if case .pod(_, let containers) = pane.source {
            hints.append(KeyHint(key: "p", label: pane.previous ? "current" : "previous"))
            if containers.count > 1 { hints.append(KeyHint(key: "c", label: "container")) }
        }
        hints += [
            KeyHint(key: "f", label: pane.isFullScreen ? "split" : "full"),
            KeyHint(key: "S", label: "save"),
            KeyHint(key: "x", label: "clear"),
            KeyHint(key: "q", label: "quit"),
        ]
        return hints
    }
}
