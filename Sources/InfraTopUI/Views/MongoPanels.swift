import Foundation
import InfraTopCore
import InfraTopBasics
import InfraTopMongo

/// What mongostat shows, and the headroom it does not: connections, cache and memory against
/// their limits, and how far each replica-set member is behind.
struct MongoPanels {
    var frame: Frame
    var mongodb: MongoState

    private var sample: MongoSample { mongodb.sample }
    private var rates: MongoRates { mongodb.rates }

    /// Role, set, version, uptime, connections, readers and writers, resident memory.
    func server(in area: Rect, on canvas: inout Canvas) {
        guard area.height > 0 else { return }
        var lines = [
            pairs([("role", topology), ("version", sample.version.map(Self.clean))]),
            pairs([("uptime", sample.uptimeSeconds.map(DurationText.short)), ("host", sample.host.map(Self.clean))]),
            pairs([("connections", sample.connections.current.map(String.init)), ("available", sample.connections.available.map(String.init))]),
            pairs([("readers active", sample.globalLock.activeReaders.map(String.init)), ("queued", sample.globalLock.queuedReaders.map(String.init))]),
            pairs([("writers active", sample.globalLock.activeWriters.map(String.init)), ("queued", sample.globalLock.queuedWriters.map(String.init))]),
        ]
        if let unavailable = sample.replicaSetUnavailableReason {
            lines.append(StyledLine("replSetGetStatus: \(Self.clean(unavailable))", style: frame.style(.warn)))
        }
        write(lines, in: area, on: &canvas)
        let row = area.y + lines.count
        guard row < area.y + area.height else { return }
        let limit = frame.assessment?.mongodbMemoryLimit ?? MongoMemoryLimit(snapshot: frame.snapshot, components: frame.components)
        let resident = sample.residentMiB.map { Int(saturating: Double($0) * 1_048_576) }
        let residentRect = Rect(x: area.x, y: row, width: area.width, height: 1)
        guard let resident else {
            write([pairs([("resident", nil)])], in: residentRect, on: &canvas)
            return
        }
        guard let limit else {
            // Without the pod spec the limit is unknown, which is not the same as none.
            write([pairs([("resident", ByteCount.text(resident)), ("limit", nil)])], in: residentRect, on: &canvas)
            return
        }
        gauge("resident", value: Double(resident), limit: limit.bytes, valueText: "\(ByteCount.text(resident))/\(limit.text)",
              warning: 0.8, critical: 0.9, in: residentRect, on: &canvas)
        if row + 1 < area.y + area.height {
            write([pairs([("resident", ByteCount.text(resident)), ("limit", "\(limit.text) (\(limit.pod))")])],
                  in: Rect(x: area.x, y: row + 1, width: area.width, height: 1), on: &canvas)
        }
    }

    /// Operations per second by kind, network in and out, and the operations' history.
    func operations(in area: Rect, on canvas: inout Canvas) {
        let lines = [
            pairs([("insert", rate(rates.inserts)), ("query", rate(rates.queries)), ("update", rate(rates.updates))]),
            pairs([("delete", rate(rates.deletes)), ("getmore", rate(rates.getmores)), ("command", rate(rates.commands))]),
            pairs([("net in", rates.bytesIn.map(Self.bytesPerSecond)), ("out", rates.bytesOut.map(Self.bytesPerSecond))]),
        ]
        write(lines, in: area, on: &canvas)
        if area.height >= 4 {
            sparkline(frame.snapshot.history.mongodb.elements.map(\.operationsPerSecond), maximum: nil, label: "ops",
                      in: Rect(x: area.x, y: area.y + 3, width: area.width, height: 1), on: &canvas)
        }
    }

    /// WiredTiger's cache: used and dirty against the configured maximum.
    func cache(in area: Rect, on canvas: inout Canvas) {
        guard area.height > 0 else { return }
        guard let cache = sample.cache else {
            write([StyledLine("no WiredTiger cache: another storage engine", style: frame.style(.muted))], in: area, on: &canvas)
            return
        }
        let maximum = cache.maximumBytes.flatMap { $0 > 0 ? Double($0) : nil }
        let used = cache.bytesInCache
        let dirty = cache.trackedDirtyBytes
        let maximumText = cache.maximumBytes.map(ByteCount.text)
        gauge("used ", value: Double(used ?? 0), limit: maximum,
              valueText: "\(used.map(ByteCount.text) ?? "–")" + (maximumText.map { "/\($0)" } ?? ""),
              warning: 0.80, critical: MongoRule.usedFraction, in: Rect(x: area.x, y: area.y, width: area.width, height: 1), on: &canvas)
        if area.height >= 2 {
            // Dirty bytes are measured against the whole cache, as WiredTiger's 20% trigger is.
            gauge("dirty", value: Double(dirty ?? 0), limit: maximum,
                  valueText: "\(dirty.map(ByteCount.text) ?? "–")" + (maximumText.map { "/\($0)" } ?? ""),
                  warning: 0.10, critical: MongoRule.dirtyFraction, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: 1), on: &canvas)
        }
        if area.height >= 3 {
            write([pairs([("used", used.map(ByteCount.text)), ("dirty", dirty.map(ByteCount.text)), ("max", maximumText)])],
                  in: Rect(x: area.x, y: area.y + 2, width: area.width, height: 1), on: &canvas)
        }
        if area.height >= 4 {
            sparkline(frame.snapshot.history.mongodb.elements.map(\.cacheBytes), maximum: maximum, label: "cache",
                      in: Rect(x: area.x, y: area.y + 3, width: area.width, height: 1), on: &canvas)
        }
    }

    /// Each member of the replica set with its state, health and lag behind the primary.
    func replicaSet(in area: Rect, on canvas: inout Canvas) {
        let columns = [
            TableColumn(title: "MEMBER", minWidth: 10, maxWidth: 80),
            TableColumn(title: "STATE", minWidth: 9, maxWidth: 12),
            TableColumn(title: "HEALTH", minWidth: 6, maxWidth: 6),
            TableColumn(title: "LAG", minWidth: 5, maxWidth: 7, alignment: .right),
        ]
        let members = sample.replicaSet?.members ?? []
        let rows = members.map { member in
            let lagging = (member.lagSeconds ?? 0) > MongoRule.lagSeconds
            let unhealthy = member.isHealthy == false
            let style: Style? = unhealthy ? frame.style(.critical) : lagging ? frame.style(.warn) : nil
            return TableRow([
                MongoRule.shortName(of: member.name) + (member.isSelf ? " *" : ""),
                member.stateName.map(Self.clean) ?? "–",
                member.isHealthy.map { $0 ? "ok" : "down" } ?? "–",
                member.lagSeconds.map { "\(Int(saturating: $0.rounded()))s" } ?? "–",
            ], style: style)
        }
        let empty = sample.replicaSetUnavailableReason.map(Self.clean)
            ?? (sample.setName == nil ? "standalone: no replica set" : "no members reported")
        Table(
            columns: columns, rows: rows, emptyMessage: empty,
            headerStyle: frame.style(.header), rowStyle: frame.style(.text),
            selectionStyle: frame.style(.selection), emptyMessageStyle: frame.style(.muted)
        ).render(in: area, on: &canvas)
    }

    /// The few lines the Overview's mongodb panel has room for, as mongostat's columns.
    func summary() -> [StyledLine] {
        var lines = [
            pairs([("", topology), ("conn", sample.connections.current.map(String.init))]),
            pairs([("ops", rates.operations.map(RateText.perSecond)),
                   ("qr|qw", Self.pair(sample.globalLock.queuedReaders, sample.globalLock.queuedWriters))]),
        ]
        if let cache = sample.cache, let used = cache.bytesInCache, let maximum = cache.maximumBytes, maximum > 0 {
            let usedPercent = MongoRule.percent(used, of: maximum)
            let dirtyPercent = cache.trackedDirtyBytes.map { MongoRule.percent($0, of: maximum) }
            let usedRole: ThemeRole = Double(used) > Double(maximum) * MongoRule.usedFraction ? .critical : .text
            let dirtyRole: ThemeRole = (dirtyPercent ?? 0) > Int(MongoRule.dirtyFraction * 100) ? .warn : .text
            lines.append(StyledLine([
                Span("cache ", style: frame.style(.muted)), Span("\(usedPercent)%", style: frame.style(usedRole)),
                Span("  dirty ", style: frame.style(.muted)), Span(dirtyPercent.map { "\($0)%" } ?? "–", style: frame.style(dirtyRole)),
            ]))
        }
        if let replicaSet = sample.replicaSet {
            let worst = replicaSet.members.compactMap(\.lagSeconds).max()
            let down = replicaSet.members.filter { $0.isHealthy == false }.count
            var spans = [Span("members ", style: frame.style(.muted)), Span("\(replicaSet.members.count)", style: frame.style(.text))]
            if let worst {
                spans.append(Span("  lag ", style: frame.style(.muted)))
                spans.append(Span("\(Int(saturating: worst.rounded()))s", style: frame.style(worst > MongoRule.lagSeconds ? .warn : .text)))
            }
            if down > 0 { spans.append(Span("  \(down) down", style: frame.style(.critical))) }
            lines.append(StyledLine(spans))
        }
        return lines
    }

    // MARK: - Pieces

    /// `primary of rs0`, `secondary of rs0`, `standalone`.
    private var topology: String {
        guard let set = sample.setName ?? sample.replicaSet?.name else { return sample.role.rawValue }
        return "\(sample.role.rawValue) of \(Self.clean(set))"
    }

    private func rate(_ value: Double?) -> String? { value.map(RateText.perSecond) }

    static func bytesPerSecond(_ rate: Double) -> String {
        guard rate.isFinite, rate >= 0 else { return "?/s" }
        return ByteCount.text(Int(saturating: rate.rounded())) + "/s"
    }

    static func pair(_ first: Int?, _ second: Int?) -> String? {
        guard let first, let second else { return nil }
        return "\(first)|\(second)"
    }

    /// What the server sent, one line and bounded, for the screen.
    static func clean(_ text: String) -> String { TerminalText.oneLine(text, maximumLength: 120) }

    private func pairs(_ items: [(String, String?)]) -> StyledLine {
        var spans: [Span] = []
        for (label, value) in items {
            if !spans.isEmpty { spans.append(Span("  ")) }
            guard let value else {
                spans.append(Span("\(label) –", style: frame.style(.muted)))
                continue
            }
            if label.isEmpty {
                spans.append(Span(value, style: frame.style(.text)))
            } else {
                spans.append(Span("\(label) ", style: frame.style(.muted)))
                spans.append(Span(value, style: frame.style(.text)))
            }
        }
        return StyledLine(spans)
    }

    private func gauge(_ label: String, value: Double, limit: Double?, valueText: String, warning: Double, critical: Double,
                       in area: Rect, on canvas: inout Canvas) {
        Gauge(
            label: label, value: value, limit: limit, valueText: valueText,
            warningFraction: warning, criticalFraction: critical,
            labelStyle: frame.style(.muted), normalStyle: frame.style(.gaugeLow), warningStyle: frame.style(.gaugeMid),
            criticalStyle: frame.style(.gaugeHigh), emptyStyle: frame.style(.muted)
        ).render(in: area, on: &canvas)
    }

    private func write(_ lines: [StyledLine], in area: Rect, on canvas: inout Canvas) {
        for (row, line) in lines.prefix(max(0, area.height)).enumerated() {
            canvas.write(line, x: area.x, y: area.y + row, clip: area)
        }
    }

    private func sparkline(_ values: [Double?], maximum: Double?, label: String, in area: Rect, on canvas: inout Canvas) {
        let width = canvas.write("\(label) ", x: area.x, y: area.y, style: frame.style(.muted), clip: area)
        Sparkline(values: values, maximum: maximum, style: frame.style(.sparkline))
            .render(in: Rect(x: area.x + width, y: area.y, width: area.width - width, height: 1), on: &canvas)
    }
}
