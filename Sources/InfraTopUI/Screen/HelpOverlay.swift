/// The `?` overlay: every key binding, in a box over the current view, drawn from ``KeyBindings``.
struct HelpOverlay: Widget {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) {
        let bindings = KeyBindings.helpLines(inReplay: frame.replay != nil)
        let keyWidth = bindings.map { TextWidth.of($0.keys) }.max() ?? 0
        let lines = bindings.map { line in
            StyledLine([
                Span(" " + TextWidth.pad(line.keys, to: keyWidth) + "  ", style: frame.style(.key)),
                Span(line.text, style: frame.style(.text)),
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
