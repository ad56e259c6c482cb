/// A value against its limit on one row: `used ██████████░░░░ 78%`.
///
/// The filled part takes the style of the threshold the value has reached. A value above the
/// limit fills the bar and shows its true percentage (`130%`). Without a limit (nil or 0) there
/// is no bar: the row reads `used 212Mi no limit`.
package struct Gauge: Widget, Sendable {
    package var label: String
    package var value: Double
    package var limit: Double?
    /// The value as a person reads it (`212Mi`), shown when there is no limit.
    package var valueText: String?
    /// Fraction of the limit from which the bar takes `warningStyle`.
    package var warningFraction: Double
    /// Fraction of the limit from which the bar takes `criticalStyle`.
    package var criticalFraction: Double
    package var labelStyle: Style
    package var normalStyle: Style
    package var warningStyle: Style
    package var criticalStyle: Style
    /// The unfilled part of the bar and the `no limit` text. The label style also fills the row.
    package var emptyStyle: Style

    package init(
        label: String,
        value: Double,
        limit: Double?,
        valueText: String? = nil,
        warningFraction: Double = 0.75,
        criticalFraction: Double = 0.90,
        labelStyle: Style = .plain,
        normalStyle: Style = Style(foreground: .green),
        warningStyle: Style = Style(foreground: .yellow),
        criticalStyle: Style = Style(foreground: .red),
        emptyStyle: Style = Style().adding(.dim)
    ) {
        self.label = label
        self.value = value
        self.limit = limit
        self.valueText = valueText
        self.warningFraction = warningFraction
        self.criticalFraction = criticalFraction
        self.labelStyle = labelStyle
        self.normalStyle = normalStyle
        self.warningStyle = warningStyle
        self.criticalStyle = criticalStyle
        self.emptyStyle = emptyStyle
    }

    /// The value as a fraction of the limit (not clamped to 1), or `nil` without a usable limit.
    package var fraction: Double? {
        guard let limit, limit > 0, limit.isFinite else { return nil }
        // An unknown value draws an empty bar rather than claiming there is no limit.
        guard !value.isNaN else { return 0 }
        return max(0, value) / limit
    }

    /// The style of the filled part for the current value.
    package var levelStyle: Style {
        guard let fraction else { return normalStyle }
        if fraction >= criticalFraction { return criticalStyle }
        if fraction >= warningFraction { return warningStyle }
        return normalStyle
    }

    /// The percentage as shown, `78%`; capped so that absurd values still fit a cell.
    var percentText: String {
        guard let fraction else { return "" }
        if value.isNaN { return "?%" }
        // Floored, like the findings: 99.6% full must not read as 100%.
        let percent = min((fraction * 100).rounded(.down), 99_999)
        return "\(Int(percent))%"
    }

    package func render(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        let y = area.y
        var x = area.x
        // The gauge owns its row: blanks between its parts must not show what was there before.
        canvas.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: labelStyle)
        if !label.isEmpty {
            canvas.write(label, x: x, y: y, style: labelStyle, clip: area)
            x += canvas.columns(of: label) + 1
        }
        guard let fraction else {
            let shown = valueText ?? Self.format(value)
            canvas.write(shown, x: x, y: y, style: labelStyle, clip: area)
            x += canvas.columns(of: shown) + 1
            canvas.write("no limit", x: x, y: y, style: emptyStyle, clip: area)
            return
        }
        // The percentage is right-aligned in 4 columns so bars of stacked gauges line up.
        let percent = percentText
        let percentWidth = max(4, canvas.columns(of: percent))
        let barWidth = area.maxX - x - 1 - percentWidth
        guard barWidth > 0 else {
            // No room for a bar: the percentage alone, if it fits whole.
            if canvas.columns(of: percent) <= area.maxX - x {
                canvas.write(percent, x: x, y: y, style: levelStyle, clip: area)
            }
            return
        }
        let filled = Int((min(1, fraction) * Double(barWidth)).rounded(.down))
        canvas.fill(Rect(x: x, y: y, width: filled, height: 1), style: levelStyle, grapheme: canvas.glyphs.gaugeFilled)
        canvas.fill(Rect(x: x + filled, y: y, width: barWidth - filled, height: 1), style: emptyStyle,
                    grapheme: canvas.glyphs.gaugeEmpty)
        canvas.write(percent, x: x + barWidth + 1, y: y, width: percentWidth, alignment: .right,
                     style: levelStyle, clip: area)
    }

    /// A number without a needless fraction: `512`, `0.5`.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
