import InfraTopCore

/// The top line: the product name, one tab per view, and the worst findings on the right.
struct TabBar: Widget {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) {
        let background = frame.style(.background)
        canvas.fill(area, style: background)
        var x = area.x
        let summary = FindingSummary(findings: frame.findings)
        let text = summary.text
        let width = TextWidth.of(text)
        // The findings' count matters more than the other views' names: where both do not fit,
        // only the current view keeps its name and the others show their keys.
        let product = " infratop "
        let full = TextWidth.of(product) + ViewID.allCases.map { TextWidth.of(label(of: $0, named: true)) }.reduce(0, +)
        let named = full + width + 2 < area.width
        x += canvas.write(product, x: x, y: area.y, style: frame.style(.title).adding(.bold), clip: area)
        for view in ViewID.allCases {
            let isCurrent = view == frame.state.view
            let style = isCurrent ? frame.style(.selection) : frame.style(.muted)
            x += canvas.write(label(of: view, named: named || isCurrent), x: x, y: area.y, style: style, clip: area)
        }
        let start = area.maxX - width - 1
        if start > x + 1 {
            canvas.write(text, x: start, y: area.y, style: frame.style(summary.role), clip: area)
        }
    }

    private func label(of view: ViewID, named: Bool) -> String {
        named ? " \(view.rawValue) \(view.title) " : " \(view.rawValue) "
    }
}

/// "2 critical · 3 warnings", or "no findings".
struct FindingSummary {
    var findings: [Finding]

    var text: String {
        let critical = findings.filter { $0.severity == .critical }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        var parts: [String] = []
        if critical > 0 { parts.append("\(critical) critical") }
        if warnings > 0 { parts.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
        return parts.isEmpty ? "no findings" : parts.joined(separator: " · ")
    }

    var role: ThemeRole {
        switch findings.worstSeverity {
        case .critical: .critical
        case .warning: .warn
        default: .ok
        }
    }
}
