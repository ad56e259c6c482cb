/// The bottom line: the filter being typed, a notice, or the keys that matter here.
struct HintBar: Widget {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) {
        let state = frame.state
        canvas.fill(area, style: frame.style(.background))
        let editsPattern = state.logPane?.isEditingPattern == true
        if state.isEditingFilter || editsPattern {
            let cursor = canvas.glyphs.allowsUnicode ? "█" : "_"
            let keys = KeyBindings.hints(for: [.filter], state: state, replay: frame.replay)
            let line = StyledLine([
                Span(editsPattern ? " / regex " : " / ", style: frame.style(.key)),
                Span((editsPattern ? state.logPane?.pattern ?? "" : state.filter) + cursor, style: frame.style(.match)),
                Span("   " + keys.map { "\($0.key) \($0.label)" }.joined(separator: "  "), style: frame.style(.muted)),
            ])
            canvas.write(line, x: area.x, y: area.y, clip: area)
            return
        }
        if let notice = state.notice {
            canvas.write(" " + notice, x: area.x, y: area.y, style: frame.style(.accent), clip: area)
            return
        }
        var hints: [KeyHint] = []
        if state.logPane != nil {
            // The pane's own keys; `t` means timestamps here, not theme.
            hints = KeyBindings.hints(for: [.logPane], state: state, replay: nil)
        } else {
            if !state.filter.isEmpty { hints.append(KeyHint(key: "/", label: "filter: \(state.filter)")) }
            // A replay's own keys rank right after quit; it has nothing to refresh.
            hints += KeyBindings.hints(for: frame.replay == nil ? [.dashboard] : [.replay, .dashboard], state: state, replay: frame.replay)
        }
        let bar = KeyHints(hints, keyStyle: frame.style(.key), labelStyle: frame.style(.muted), background: frame.style(.background))
        bar.render(in: Rect(x: area.x + 1, y: area.y, width: area.width - 1, height: 1), on: &canvas)
    }
}
