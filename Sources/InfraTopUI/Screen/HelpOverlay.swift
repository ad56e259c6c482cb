/// The `?` overlay: every key binding, in a box over the current view.
struct HelpOverlay: Widget {
    var frame: Frame

    static let bindings: [(String, String)] = [
        ("1 … 6", "views: overview, pods, kafka, redis, logs, scaling"),
        ("tab / shift-tab", "move focus between panels"),
        ("↑ ↓  j k", "move the selection"),
        ("pgup pgdn  g G", "page, top, bottom"),
        ("enter  d", "open the selected item; d: a finding in full"),
        ("esc", "clear the filter, then go back"),
        ("/", "filter the current view"),
        ("N S R A O", "sort pods by name, status, restarts, age, owner"),
        ("t", "next theme; in logs: timestamps"),
        ("l", "logs of the pod, or the workload's pods"),
        ("logs: s w", "pause/follow, wrap lines"),
        ("logs: / n N", "regex filter, next/previous match"),
        ("logs: p c f", "previous run, next container, full"),
        ("logs: S x esc", "save to $TMPDIR, clear, close"),
        ("r", "refresh every source now"),
        ("?", "close this help"),
        ("q  ctrl-c", "quit"),
    ]

    func render(in area: Rect, on canvas: inout Canvas) {
        let bindings = frame.replay == nil ? Self.bindings : ReplayStatus.bindings + Self.bindings.filter { $0.0 != "r" }
        let keyWidth = bindings.map { TextWidth.of($0.0) }.max() ?? 0
        let lines = bindings.map { key, action in
            StyledLine([
                Span(" " + TextWidth.pad(key, to: keyWidth) + "  ", style: frame.style(.key)),
                Span(action, style: frame.style(.text)),
            ])
        }
        let width = (lines.map { TextWidth.of($0.text) }.max() ?? 0) + 3
        let panel = Panel(
            title: "Help", status: "esc close", isFocused: true,
            borderStyle: frame.style(.border), focusedBorderStyle: frame.style(.borderFocus),
            titleStyle: frame.style(.title), statusStyle: frame.style(.muted), background: frame.style(.background)
        )
        Popup(width: width, height: lines.count + 2, panel: panel, lines: lines, style: frame.style(.text))
            .render(in: area, on: &canvas)
    }
}
