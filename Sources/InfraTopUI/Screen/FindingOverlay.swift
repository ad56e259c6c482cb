import InfraTopCore

/// `d` on the Overview: one finding in full, over the view. The Findings panel has one line
/// per finding, cut at its edge; this says the whole cause, the evidence it rests on (which is
/// where "what that breaks" lives) and where to look next, word-wrapped.
struct FindingOverlay: Widget {
    var frame: Frame
    var finding: Finding
    /// The finding's place in the list, 1-based, and how many there are.
    var position: (index: Int, count: Int)

    func render(in area: Rect, on canvas: inout Canvas) {
        let width = min(area.width, max(40, area.width * 4 / 5))
        // Inside the border and a one-column margin on each side.
        let textWidth = max(1, width - 4)
        let role: ThemeRole = switch finding.severity {
        case .critical: .critical
        case .warning: .warn
        case .info: .muted
        }
        var lines = canvas.wrapWords(StyledLine([
            Span(finding.severity.description + " ", style: frame.style(role)),
            Span(finding.cause, style: frame.style(.text)),
        ]), to: textWidth)
        if !finding.evidence.isEmpty {
            lines.append(StyledLine(""))
            lines.append(StyledLine("evidence", style: frame.style(.header)))
            for fact in finding.evidence {
                lines += canvas.wrapWords(StyledLine("  • " + fact, style: frame.style(.text)), to: textWidth)
            }
        }
        if let next = finding.next {
            lines.append(StyledLine(""))
            lines += canvas.wrapWords(StyledLine([
                Span("next ", style: frame.style(.header)),
                Span(next, style: frame.style(.text)),
            ]), to: textWidth)
        }
        // A finding longer than the screen says so on its last row rather than stopping mid-way.
        let room = max(1, area.height - 2)
        if lines.count > room {
            lines = Array(lines.prefix(room - 1)) + [StyledLine("… \(lines.count - room + 1) more lines: infratop check lists them all", style: frame.style(.muted))]
        }
        let panel = Panel(
            title: "Finding \(position.index) of \(position.count) · \(finding.rule)", status: "↑↓ next  esc close", isFocused: true,
            borderStyle: frame.style(.border), focusedBorderStyle: frame.style(.borderFocus),
            titleStyle: frame.style(.title), statusStyle: frame.style(.muted), background: frame.style(.background)
        )
        Popup(width: width, height: lines.count + 2, panel: panel, lines: lines.map(indented), style: frame.style(.text))
            .render(in: area, on: &canvas)
    }

    private func indented(_ line: StyledLine) -> StyledLine {
        StyledLine([Span(" ")] + line.spans)
    }
}
