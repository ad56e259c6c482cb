import Foundation
import InfraTopCore
import InfraTopZooKeeper

/// ZooKeeper as Kafka's registry: the server's own numbers and which brokers it lists.
struct ZooKeeperPanel {
    var frame: Frame
    var sample: ZooKeeperSample

    func lines() -> [StyledLine] {
        var lines: [StyledLine] = []
        let muted = frame.style(.muted)
        let text = frame.style(.text)
        let server = sample.server
        let monitor = sample.monitor
        let mode = sample.mode.map { "\($0)" } ?? "–"
        lines.append(StyledLine([
            Span("mode ", style: muted), Span(mode, style: frame.style(sample.isReadOnly == true ? .critical : .text)),
            Span("  version ", style: muted), Span(Self.shortVersion(server?.version ?? monitor?.version), style: text),
        ]))
        let minimum = server?.minimumLatency ?? monitor?.minimumLatency
        let average = server?.averageLatency ?? monitor?.averageLatency
        let maximum = server?.maximumLatency ?? monitor?.maximumLatency
        lines.append(StyledLine([
            Span("latency min/avg/max ", style: muted),
            Span("\(Self.number(minimum))/\(Self.number(average))/\(Self.number(maximum)) ms", style: text),
        ]))
        lines.append(StyledLine([
            Span("outstanding ", style: muted), Span(Self.count(server?.outstandingRequests ?? monitor?.outstandingRequests), style: text),
            Span("  znodes ", style: muted), Span(Self.count(server?.nodeCount ?? monitor?.znodeCount), style: text),
            Span("  ephemerals ", style: muted), Span(Self.count(monitor?.integer("zk_ephemerals_count")), style: text),
            Span("  connections ", style: muted),
            Span(Self.count(server?.connections ?? monitor?.integer("zk_num_alive_connections")), style: text),
        ]))
        if let kafka = sample.kafka {
            let ids = kafka.registeredBrokerIDs.sorted()
            var brokers = [
                Span("brokers registered ", style: muted),
                Span(ids.isEmpty ? "none" : ids.map(String.init).joined(separator: ", "), style: frame.style(ids.isEmpty ? .critical : .text)),
            ]
            if !kafka.missingBrokerIDs.isEmpty {
                brokers.append(Span("  assigned but absent ", style: muted))
                brokers.append(Span(kafka.missingBrokerIDs.map(String.init).joined(separator: ", "), style: frame.style(.critical)))
            }
            lines.append(StyledLine(brokers))
            lines.append(StyledLine([
                Span("controller ", style: muted),
                Span(kafka.controller.map { "broker \($0.brokerID)" } ?? "none", style: frame.style(kafka.controller == nil ? .critical : .text)),
                Span("  topics ", style: muted), Span("\(kafka.topicCount)", style: text),
            ]))
        }
        for note in sample.notes {
            lines.append(StyledLine(note, style: muted))
        }
        return lines
    }

    /// One line for the Overview's zookeeper panel.
    func summary() -> [StyledLine] {
        var spans = [Span("ensemble ", style: frame.style(.muted)), Span(sample.mode.map { "\($0)" } ?? "–", style: frame.style(.text))]
        if let average = sample.server?.averageLatency ?? sample.monitor?.averageLatency {
            spans.append(Span(" \(Self.number(average))ms", style: frame.style(.muted)))
        }
        var lines = [StyledLine(spans)]
        if let kafka = sample.kafka {
            let ids = kafka.registeredBrokerIDs.sorted()
            lines.append(StyledLine([
                Span("brokers ", style: frame.style(.muted)),
                Span(ids.isEmpty ? "none" : ids.map(String.init).joined(separator: ","), style: frame.style(ids.isEmpty ? .critical : .text)),
            ]))
        }
        return lines
    }

    /// `3.8.0` from `3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on ...`.
    static func shortVersion(_ version: String?) -> String {
        guard let version else { return "–" }
        return String(version.prefix { $0 != "-" && $0 != "," && $0 != " " })
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        // A latency of 1e308 from a broken server is shown as the number it is, not converted to Int.
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return abs(value) < 1e15 ? String(format: "%.1f", value) : String(format: "%.3g", value)
    }

    static func count(_ value: Int?) -> String { value.map(String.init) ?? "–" }
}
