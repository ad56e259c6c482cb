import Testing
@testable import InfraTopUI

/// Every widget, at every size and position, draws only inside its area and never traps.
@Suite struct WidgetBoundsTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    private static let areas = [
        Rect(x: 0, y: 0, width: 0, height: 0),
        Rect(x: 0, y: 0, width: 1, height: 1),
        Rect(x: 0, y: 0, width: 2, height: 1),
        Rect(x: 3, y: 2, width: 1, height: 3),
        Rect(x: -2, y: -1, width: 5, height: 4),
        Rect(x: 5, y: 3, width: 10, height: 10),
        Rect(x: -5, y: -5, width: 30, height: 30),
        Rect(x: 1, y: 1, width: 8, height: 4),
        Rect(x: 2, y: 0, width: 3, height: 6),
        Rect(x: 9, y: 5, width: 1, height: 1),
        Rect(x: 20, y: 20, width: 3, height: 3),
    ]

    private static var widgets: [(name: String, widget: any Widget)] { [
        ("panel", Panel(title: "日本語 Kafka", status: "live 2s", background: TestStyle.red)),
        ("table", Table(
            columns: [TableColumn(title: "名前", minWidth: 3), TableColumn(title: "AGE", minWidth: 2, alignment: .right)],
            rows: [TableRow(["日本語ポッド", "14d"]), TableRow(["😀😀", "3h"]), TableRow(["kafka-0"])],
            state: TableState(selectedIndex: 2), sort: TableSort(column: 1, direction: .descending),
            emptyMessage: "no pods")),
        ("empty table", Table(columns: [TableColumn(title: "NAME", minWidth: 4)], rows: [], emptyMessage: "no pods at all")),
        ("gauge", Gauge(label: "メモリ", value: 78, limit: 100)),
        ("gauge without limit", Gauge(label: "used", value: 5, limit: nil, valueText: "5Mi")),
        ("sparkline", Sparkline(values: [1, nil, 3, 0, 8, .nan, 2, 5, 9, 4, 1, 2])),
        ("key hints", KeyHints([KeyHint(key: "q", label: "終了"), KeyHint(key: "?", label: "Help")])),
        ("text view", TextView(lines: ["日本語のログ行です", "short", StyledLine([Span("a😀", style: TestStyle.red), Span("bc")])],
                                wraps: true)),
        ("text view cut", TextView(lines: ["日本語のログ行です", "short"], state: TextViewState(offset: 1, followsTail: false))),
        ("popup", Popup(width: 6, height: 3, panel: Panel(title: "ヘルプ"), lines: ["日本語", "q quit"])),
        ("badge", Badge("kafka 1/3 日本", statusStyle: TestStyle.green)),
        ("badge strip", BadgeStrip([Badge("kafka 1/3", statusStyle: TestStyle.red), Badge("日本", statusStyle: TestStyle.green)])),
        ("padded panel", Panel(title: "x", background: TestStyle.blue, horizontalPadding: 2)),
    ] }

    @Test(arguments: [GlyphSet.unicode, GlyphSet.ascii])
    func widgetsDrawOnlyInsideTheirArea(glyphs: GlyphSet) {
        let background = Cell(grapheme: ".", style: .plain)
        for (name, widget) in Self.widgets {
            for area in Self.areas {
                var canvas = Canvas(width: 10, height: 6, glyphs: glyphs)
                canvas.fill(canvas.bounds, style: .plain, grapheme: ".")
                widget.render(in: area, on: &canvas)
                let outside = (0..<canvas.height).flatMap { y in
                    (0..<canvas.width).compactMap { x in
                        !area.contains(x: x, y: y) && canvas[x, y] != background ? "(\(x),\(y))" : nil
                    }
                }
                #expect(outside.isEmpty, "\(name) in \(area) drew outside at \(outside)\n\(canvas.lines.joined(separator: "\n"))")
            }
        }
    }
}
