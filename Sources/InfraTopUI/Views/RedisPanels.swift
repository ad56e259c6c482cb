import Foundation
import InfraTopCore
import InfraTopBasics
import InfraTopRedis

/// The Redis numbers operators ask for first: how close to maxmemory, and whether it evicts.
struct RedisPanels {
    var frame: Frame
    var redis: RedisState

    private var info: RedisInfo { redis.sample.info }

    /// Used memory against maxmemory, with peak, RSS, fragmentation and the time until full.
    func memory(in area: Rect, on canvas: inout Canvas) {
        guard area.height > 0 else { return }
        let limit = info.maxmemory?.bytes
        let used = info.usedMemory ?? 0
        let valueText = limit.map { "\(ByteCount.text(used))/\(ByteCount.text($0))" } ?? ByteCount.text(used)
        Gauge(
            label: "used", value: Double(used), limit: limit.map(Double.init), valueText: valueText,
            warningFraction: 0.75, criticalFraction: RedisHealth.nearLimitFraction,
            labelStyle: frame.style(.muted), normalStyle: frame.style(.gaugeLow), warningStyle: frame.style(.gaugeMid),
            criticalStyle: frame.style(.gaugeHigh), emptyStyle: frame.style(.muted)
        ).render(in: Rect(x: area.x, y: area.y, width: area.width, height: 1), on: &canvas)
        let full: String = switch (limit, redis.health.timeUntilMaxmemory) {
        case (nil, _): "no maxmemory"
        case (_, let seconds?): "full in \(DurationText.short(seconds))"
        default: "not growing"
        }
        let lines = [
            pairs([(valueText, ""), ("peak", info.usedMemoryPeak.map(ByteCount.text)), (full, "")]),
            pairs([
                ("rss", info.usedMemoryRSS.map(ByteCount.text)),
                ("frag", info.memoryFragmentationRatio.map { String(format: "%.2f", $0) }),
                ("policy", info.maxmemoryPolicy),
            ]),
        ]
        write(lines, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1), on: &canvas)
        if area.height >= 4 {
            sparkline(frame.snapshot.history.redis.elements.map(\.usedMemory), maximum: limit.map(Double.init), label: "memory", in: Rect(x: area.x, y: area.y + 3, width: area.width, height: 1), on: &canvas)
        }
    }

    /// Evictions per second with their history, hit ratio, throughput and clients.
    func throughput(in area: Rect, on canvas: inout Canvas) {
        let rate = redis.health.evictionsPerSecond
        let evictions = StyledLine([
            Span("evicted ", style: frame.style(.muted)),
            Span(rate.map(RateText.perSecond) ?? "–", style: frame.style((rate ?? 0) > 0 ? .warn : .text)),
            Span("  total ", style: frame.style(.muted)),
            Span(info.evictedKeys.map(String.init) ?? "–", style: frame.style(.text)),
        ])
        let traffic = pairs([
            ("hit ratio", redis.health.hitRatio.map { String(format: "%.1f%%", $0 * 100) }),
            ("ops", redis.health.operationsPerSecond.map(RateText.perSecond) ?? info.instantaneousOpsPerSecond.map(String.init)),
        ])
        let clients = pairs([
            ("clients", info.connectedClients.map { "\($0) (\(info.blockedClients ?? 0) blocked)" }),
            ("rejected", info.rejectedConnections.map(String.init)),
            ("expired", info.expiredKeys.map(String.init)),
        ])
        write([evictions], in: area, on: &canvas)
        if area.height >= 2 {
            sparkline(frame.snapshot.history.redis.elements.map(\.evictionsPerSecond), maximum: nil, label: "evictions", in: Rect(x: area.x, y: area.y + 1, width: area.width, height: 1), on: &canvas)
        }
        write([traffic, clients], in: Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2), on: &canvas)
    }

    /// Persistence, replication and the keyspace.
    func persistence(in area: Rect, on canvas: inout Canvas) {
        var lines: [StyledLine] = []
        let aofOn = info.isAOFEnabled ?? false
        lines.append(StyledLine([
            Span("AOF ", style: frame.style(.muted)),
            Span(aofOn ? "on" : "off", style: frame.style(.text)),
            Span(aofOn ? "  last write " : "", style: frame.style(.muted)),
            status(aofOn ? info.aofLastWriteStatus : nil),
            Span(info.isAOFRewriteInProgress == true ? "  rewriting" : "", style: frame.style(.accent)),
        ]))
        lines.append(StyledLine([
            Span("RDB last save ", style: frame.style(.muted)),
            status(info.rdbLastBackgroundSaveStatus),
            Span("  changes since ", style: frame.style(.muted)),
            Span(info.rdbChangesSinceLastSave.map(String.init) ?? "–", style: frame.style(.text)),
        ]))
        var replication = [Span("role ", style: frame.style(.muted)), Span(info.role ?? "–", style: frame.style(.text))]
        if info.role == "slave" || info.role == "replica" {
            replication.append(Span("  link ", style: frame.style(.muted)))
            replication.append(Span(info.masterLinkStatus ?? "–", style: frame.style(info.masterLinkStatus == "up" ? .ok : .critical)))
        } else {
            replication.append(Span("  replicas ", style: frame.style(.muted)))
            replication.append(Span(info.connectedReplicas.map(String.init) ?? "–", style: frame.style(.text)))
        }
        lines.append(StyledLine(replication))
        if info.databases.isEmpty {
            lines.append(StyledLine("keyspace empty", style: frame.style(.muted)))
        }
        for database in info.databases {
            lines.append(StyledLine([
                Span("db\(database.index) ", style: frame.style(.muted)),
                Span("\(database.keys) keys", style: frame.style(.text)),
                Span(" (\(database.expires) expiring)", style: frame.style(.muted)),
            ]))
        }
        write(lines, in: area, on: &canvas)
    }

    /// The slowest recent commands, newest first.
    func slowlog(in area: Rect, on canvas: inout Canvas) {
        let columns = [
            TableColumn(title: "ID", minWidth: 3, maxWidth: 8, alignment: .right),
            TableColumn(title: "AGE", minWidth: 4, maxWidth: 7, alignment: .right),
            TableColumn(title: "TOOK", minWidth: 6, maxWidth: 9, alignment: .right),
            TableColumn(title: "COMMAND", minWidth: 10, maxWidth: 200),
        ]
        let taken = redis.sample.takenAt
        let rows = redis.sample.slowlog.map { entry in
            TableRow([
                "\(entry.id)",
                DurationText.short(taken.timeIntervalSince(entry.startedAt)),
                Self.microseconds(entry.durationMicroseconds),
                entry.arguments.joined(separator: " "),
            ])
        }
        let empty = redis.sample.slowlogUnavailableReason ?? "no slow commands logged"
        Table(
            columns: columns, rows: rows, emptyMessage: empty,
            headerStyle: frame.style(.header), rowStyle: frame.style(.text),
            selectionStyle: frame.style(.selection), emptyMessageStyle: frame.style(.muted)
        ).render(in: area, on: &canvas)
    }

    /// The few lines the Overview's redis panel has room for.
    func summary() -> [StyledLine] {
        let limit = info.maxmemory?.bytes
        let used = info.usedMemory ?? 0
        var memory = [Span("mem ", style: frame.style(.muted)), Span(ByteCount.text(used), style: frame.style(.text))]
        if let limit {
            let fraction = Double(used) / Double(max(limit, 1))
            let role: ThemeRole = fraction >= RedisHealth.nearLimitFraction ? .critical : fraction >= 0.75 ? .warn : .ok
            memory.append(Span("/\(ByteCount.text(limit)) ", style: frame.style(.muted)))
            memory.append(Span("\(Int(saturating: (fraction * 100).rounded(.down)))%", style: frame.style(role)))
        } else {
            memory.append(Span(" no limit", style: frame.style(.muted)))
        }
        let rate = redis.health.evictionsPerSecond
        return [
            StyledLine(memory),
            StyledLine([
                Span("evicted ", style: frame.style(.muted)),
                Span(rate.map(RateText.perSecond) ?? "–", style: frame.style((rate ?? 0) > 0 ? .warn : .text)),
            ]),
            pairs([("hit", redis.health.hitRatio.map { String(format: "%.0f%%", $0 * 100) }), ("clients", info.connectedClients.map(String.init))]),
        ]
    }

    // MARK: - Pieces

    private func pairs(_ items: [(String, String?)]) -> StyledLine {
        var spans: [Span] = []
        for (label, value) in items {
            if !spans.isEmpty { spans.append(Span("  ")) }
            guard let value else {
                spans.append(Span("\(label) –", style: frame.style(.muted)))
                continue
            }
            if value.isEmpty {
                spans.append(Span(label, style: frame.style(.text)))
            } else {
                spans.append(Span("\(label) ", style: frame.style(.muted)))
                spans.append(Span(value, style: frame.style(.text)))
            }
        }
        return StyledLine(spans)
    }

    private func status(_ value: String?) -> Span {
        guard let value else { return Span("") }
        return Span(value, style: frame.style(value == "ok" ? .ok : .critical))
    }

    private func write(_ lines: [StyledLine], in area: Rect, on canvas: inout Canvas) {
        for (row, line) in lines.prefix(max(0, area.height)).enumerated() {
            canvas.write(line, x: area.x, y: area.y + row, clip: area)
        }
    }

    private func sparkline(_ values: [Double?], maximum: Double?, label: String, in area: Rect, on canvas: inout Canvas) {
        let labelText = "\(label) "
        let width = canvas.write(labelText, x: area.x, y: area.y, style: frame.style(.muted), clip: area)
        Sparkline(values: values, maximum: maximum, style: frame.style(.sparkline))
            .render(in: Rect(x: area.x + width, y: area.y, width: area.width - width, height: 1), on: &canvas)
    }

    static func microseconds(_ value: Int64) -> String {
        if value >= 1_000_000 { return String(format: "%.1fs", Double(value) / 1_000_000) }
        if value >= 1000 { return String(format: "%.1fms", Double(value) / 1000) }
        return "\(value)µs"
    }
}
