import Foundation
import InfraTopCore

/// Composes a whole screen: tab bar, the current view, status line and key hints.
///
/// A pure function of the frame and the size, so the dashboard, `infratop snapshot` and the
/// tests all draw exactly the same thing.
package enum Screen {
    static let minimumWidth = 60
    static let minimumHeight = 15

    package static func render(_ frame: Frame, width: Int, height: Int, glyphs: GlyphSet = .unicode) -> RenderedFrame {
        let background = frame.style(.background)
        var canvas = Canvas(width: width, height: height, style: background, glyphs: glyphs)
        guard width >= minimumWidth, height >= minimumHeight else {
            drawTooSmall(on: &canvas, frame: frame)
            return RenderedFrame(canvas: canvas, panelCount: 1, rowCount: 0, pageSize: 1)
        }
        let rows = Layout.rows(canvas.bounds, [.fixed(1), .fill, .fixed(1), .fixed(1)])
        TabBar(frame: frame).render(in: rows[0], on: &canvas)
        let (metrics, logSource, logs) = drawView(frame, in: rows[1], on: &canvas)
        StatusLine(frame: frame).render(in: rows[2], on: &canvas)
        HintBar(frame: frame).render(in: rows[3], on: &canvas)
        if frame.state.isFindingShown, frame.state.view == .overview, !frame.findings.isEmpty {
            let index = min(max(0, frame.state.selectedRow[.overview] ?? 0), frame.findings.count - 1)
            FindingOverlay(frame: frame, finding: frame.findings[index], position: (index + 1, frame.findings.count))
                .render(in: rows[1], on: &canvas)
        }
        if frame.state.isHelpShown {
            HelpOverlay(frame: frame).render(in: rows[1], on: &canvas)
        }
        return RenderedFrame(canvas: canvas, panelCount: metrics.panelCount, rowCount: metrics.rowCount, pageSize: metrics.pageSize,
                             logSource: logSource, logs: logs)
    }

    /// The current view, with the open logs pane beside it (or over it, full screen, or as view 5).
    private static func drawView(_ frame: Frame, in area: Rect, on canvas: inout Canvas) -> (ViewMetrics, logSource: LogSource?, logs: LogViewMetrics) {
        guard let pane = frame.state.logPane else {
            let metrics = drawDashboardView(frame, in: area, on: &canvas)
            return (metrics, metrics.logSource, LogViewMetrics())
        }
        if pane.isFullScreen || frame.state.view == .logs {
            let logs = LogPane(frame: frame, pane: pane).render(in: area, on: &canvas)
            return (ViewMetrics(panelCount: 1, rowCount: 0, pageSize: 1), nil, logs)
        }
        let columns = Layout.columns(area, [.percentage(45), .fill])
        let metrics = drawDashboardView(frame, in: columns[0], on: &canvas)
        let logs = LogPane(frame: frame, pane: pane).render(in: columns[1], on: &canvas)
        return (metrics, metrics.logSource, logs)
    }

    private static func drawDashboardView(_ frame: Frame, in area: Rect, on canvas: inout Canvas) -> ViewMetrics {
        switch frame.state.view {
        case .overview: OverviewView(frame: frame).render(in: area, on: &canvas)
        case .pods: PodsView(frame: frame).render(in: area, on: &canvas)
        case .kafka: KafkaView(frame: frame).render(in: area, on: &canvas)
        case .redis: RedisView(frame: frame).render(in: area, on: &canvas)
        case .mongodb: MongoView(frame: frame).render(in: area, on: &canvas)
        case .logs: LogsView(frame: frame).render(in: area, on: &canvas)
        case .scaling: ScalingView(frame: frame).render(in: area, on: &canvas)
        }
    }

    private static func drawTooSmall(on canvas: inout Canvas, frame: Frame) {
        let lines = [
            "terminal too small: \(canvas.width)×\(canvas.height)",
            "infratop needs \(minimumWidth)×\(minimumHeight)",
        ]
        let style = frame.style(.warn)
        let top = max(0, (canvas.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let text = canvas.glyphs.allowsUnicode ? line : line.replacingOccurrences(of: "×", with: "x")
            let shown = TextWidth.truncate(text, to: canvas.width, ellipsis: canvas.glyphs.ellipsis)
            let x = max(0, (canvas.width - TextWidth.of(shown)) / 2)
            canvas.write(shown, x: x, y: top + index, style: style)
        }
    }
}
