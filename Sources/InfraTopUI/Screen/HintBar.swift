/// The bottom line: the filter being typed, a notice, or the keys that matter here.
struct HintBar: Widget {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) {
        let state = frame.state
        canvas.fill(area, style: frame.style(.background))
        if state.isEditingFilter {
            let cursor = canvas.glyphs.allowsUnicode ? "█" : "_"
            let line = StyledLine([
                Span(" / ", style: frame.style(.key)),
                Span(state.filter + cursor, style: frame.style(.match)),
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
}
