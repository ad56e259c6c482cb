import Foundation
import InfraTopCore
import InfraTopBasics
import InfraTopKafka
import InfraTopKubernetes

/// Kafka as kcat and Burrow would show it, joined with what Kubernetes and ZooKeeper say.
struct KafkaPanels {
    var frame: Frame
    var kafka: KafkaState
    var health: KafkaHealth

    private var sample: KafkaSample { kafka.sample }

    /// Brokers wanted, running, registered, in metadata and reachable; one line each, then a table.
    func brokers(in area: Rect, on canvas: inout Canvas) {
        let counts = frame.kafkaBrokerCounts(of: sample)
        var spans: [Span] = []
        func add(_ label: String, _ value: Int?, healthy: Bool, from source: SourceID = .kafka) {
            if !spans.isEmpty { spans.append(Span("  ")) }
            // No-break spaces keep each label with its number when the line wraps.
            spans.append(Span(label.replacingOccurrences(of: " ", with: "\u{00A0}") + "\u{00A0}", style: frame.style(.muted)))
            spans.append(Span(value.map(String.init) ?? "–", style: frame.style(value == nil ? .muted : healthy ? .text : .critical)))
            // The panel's own status speaks for Kafka; a count another source gave says its age when that source stopped answering.
            if source != .kafka, value != nil, let stale = frame.staleFreshness(of: source) {
                spans.append(Span("\u{00A0}(\(stale.replacingOccurrences(of: " ", with: "\u{00A0}")))", style: frame.style(.warn)))
            }
        }
        let expected = counts.expected
        add("expected", expected, healthy: true, from: .kubernetes)
        add("pods ready", counts.podsReady, healthy: expected.map { (counts.podsReady ?? 0) >= $0 } ?? true, from: .kubernetes)
        add("in ZooKeeper", counts.registered, healthy: expected.map { (counts.registered ?? 0) >= $0 } ?? true, from: .zookeeper)
        add("in metadata", counts.inMetadata, healthy: expected.map { counts.inMetadata >= $0 } ?? true)
        add("reachable", counts.reachable, healthy: counts.reachable == counts.inMetadata)
        var lines = [StyledLine(spans)]
        for shared in health.sharedAdvertisements {
            lines.append(StyledLine(shared.description, style: frame.style(.warn)))
        }
        let header = lines.flatMap { canvas.wrapWords($0, to: area.width) }
        for (row, line) in header.prefix(area.height).enumerated() {
            canvas.write(line, x: area.x, y: area.y + row, clip: area)
        }
        let loads = Dictionary(uniqueKeysWithValues: health.brokerLoads.map { ($0.broker, $0) })
        // A broker's pod, only where the StatefulSet wants a pod of that name.
        let wanted = Set(frame.snapshot.kafkaStatefulSet(components: frame.components)?.desiredPodNames ?? [])
        // Pod names are DNS labels: ASCII, one cell per character.
        let podWidth = sample.brokers.compactMap { $0.pod.flatMap { wanted.contains($0) ? $0.count : nil } }.max() ?? 0
        let rows = sample.brokers.sorted { $0.id < $1.id }.map { broker in
            TableRow([
                "\(broker.id)\(broker.isController ? " *" : "")",
                broker.pod.flatMap { wanted.contains($0) ? $0 : nil } ?? "–",
                // Reached at its pod through the API server, the broker's own address is what it advertises.
                broker.advertised == broker.address || broker.address.host == broker.pod
                    ? "\(broker.advertised)" : "\(broker.advertised) → \(broker.address)",
                "\(loads[broker.id]?.leaders ?? 0)",
                "\(loads[broker.id]?.replicas ?? 0)",
                broker.unreachableReason ?? "reachable",
            ], style: frame.style(broker.isReachable ? .text : .critical))
        }
        let table = Rect(x: area.x, y: area.y + header.count, width: area.width, height: area.height - header.count)
        Table(
            columns: [
                TableColumn(title: "ID", minWidth: 3, maxWidth: 5, alignment: .right),
                // Pod names are short and say which broker is which: never cut them.
                TableColumn(title: "POD", minWidth: min(24, max(3, podWidth)), maxWidth: 24),
                TableColumn(title: "ADDRESS", minWidth: 14, maxWidth: 48),
                TableColumn(title: "LEADERS", minWidth: 7, maxWidth: 7, alignment: .right),
                TableColumn(title: "REPLICAS", minWidth: 8, maxWidth: 8, alignment: .right),
                TableColumn(title: "STATE", minWidth: 9, maxWidth: 200),
            ],
            rows: rows, emptyMessage: "no brokers in metadata",
            headerStyle: frame.style(.header), rowStyle: frame.style(.text),
            selectionStyle: frame.style(.selection), emptyMessageStyle: frame.style(.critical)
        ).render(in: table, on: &canvas)
    }

    /// Partition health across the cluster; with `levels`, the under-min-ISR count's history
    /// follows its number when `width` leaves room.
    func partitions(width: Int = 0, levels: [String] = []) -> [StyledLine] {
        func item(_ label: String, _ count: Int, bad: ThemeRole) -> [Span] {
            [Span("\(label) ", style: frame.style(.muted)), Span("\(count)", style: frame.style(count == 0 ? .text : bad))]
        }
        var lines = [
            StyledLine(item("partitions", health.partitionCount, bad: .text) + [Span("  ")] + item("offline", health.offline.count, bad: .critical)),
            StyledLine(item("under-replicated", health.underReplicated.count, bad: .warn) + [Span("  ")] + item("at min ISR", health.atMinISR.count, bad: .warn)),
            StyledLine(item("under min ISR", health.underMinISR.count, bad: .critical) + underMinISRHistory(width: width - 14 - String(health.underMinISR.count).count, levels: levels)),
        ]
        if let skew = health.leaderSkew {
            lines.append(StyledLine([Span("leader skew ", style: frame.style(.muted)), Span(String(format: "%.2f", skew), style: frame.style(skew > 1.5 ? .warn : .text))]))
        }
        if let assumed = health.assumedMinISR {
            lines.append(StyledLine("min ISR \(assumed) assumed: not reported", style: frame.style(.muted)))
        }
        if let controller = health.controllerProblem {
            lines.append(StyledLine(controller, style: frame.style(.warn)))
        }
        if let churn = frame.isrChurn {
            lines += isrTimeline(churn)
        }
        return lines
    }

    /// `ISR last 1m: 42 shrank, 0 expanded`, then the latest changes newest first, each after
    /// what Kubernetes saw of the brokers that left: `18:03:05 kafka-1 not ready → 42 shrank to ISR 1`.
    private func isrTimeline(_ churn: ISRChurn) -> [StyledLine] {
        var lines = [StyledLine([
            Span("ISR last 1m ", style: frame.style(.muted)),
            Span("\(churn.shrinksLastMinute) shrank, \(churn.expandsLastMinute) expanded", style: frame.style(churn.shrinksLastMinute > 0 ? .warn : .text)),
        ])]
        for event in churn.events.suffix(3).reversed() {
            var story: [String] = []
            for change in event.podChanges.suffix(2) {
                story.append("\(StatusLine.clock(change.at, in: frame.timeZone)) \(change.pod) \(change.isReady ? "ready" : change.status == "Running" ? "not ready" : change.status)")
            }
            var what: [String] = []
            if event.shrinks > 0 {
                let who = event.left.map { $0.pod ?? "broker \($0.id)" }.joined(separator: ", ")
                what.append("\(event.shrinks) shrank\(event.smallestShrunkISR.map { " to ISR \($0)" } ?? "")\(story.isEmpty ? " (\(who) left)" : "")")
            }
            if event.expands > 0 { what.append("\(event.expands) expanded") }
            let when = "\(StatusLine.clock(event.at, in: frame.timeZone)) " + what.joined(separator: ", ")
            let text = story.isEmpty ? when : story.joined(separator: ", ") + " → " + when
            lines.append(StyledLine(text, style: frame.style(event.shrinks > 0 ? .warn : .muted)))
        }
        return lines
    }

    /// `  last 60m ▁▁▃▃ max 3`: the under-min-ISR count over the history window, in `width` columns.
    private func underMinISRHistory(width: Int, levels: [String]) -> [Span] {
        let window = Double(frame.snapshot.history.capacity) * frame.snapshot.refreshInterval
        let timeline = CountTimeline(samples: frame.snapshot.history.kafka.elements.map { ($0.at, $0.underMinISR) }, end: frame.snapshot.takenAt, duration: window)
        guard let top = timeline.maximum else { return [] }
        let label = "  last \(HumanDuration.format(window)) "
        let tail = " max \(top)"
        let columns = min(30, width - label.count - tail.count)
        guard columns >= 6 else { return [] }
        return [
            Span(label, style: frame.style(.muted)),
            Span(timeline.text(columns: columns, levels: levels), style: frame.style(.sparkline)),
            Span(tail, style: frame.style(.muted)),
        ]
    }

    /// One row per topic: partitions, replication factor, URP, under-min-ISR, messages/s.
    func topics(in area: Rect, on canvas: inout Canvas) {
        let rows = Self.topicRows(health.topics.filter { frame.matchesFilter($0.name) }).map { row in
            TableRow(row.cells, style: frame.style(row.role))
        }
        Table(
            columns: [
                TableColumn(title: "TOPIC", minWidth: 12, maxWidth: 60),
                TableColumn(title: "PARTITIONS", minWidth: 10, maxWidth: 10, alignment: .right),
                TableColumn(title: "RF", minWidth: 2, maxWidth: 3, alignment: .right),
                TableColumn(title: "URP", minWidth: 3, maxWidth: 5, alignment: .right),
                TableColumn(title: "UNDER-MIN-ISR", minWidth: 13, maxWidth: 13, alignment: .right),
                TableColumn(title: "MSG/S", minWidth: 7, maxWidth: 10, alignment: .right),
            ],
            rows: rows, emptyMessage: frame.state.filter.isEmpty ? "no topics" : "no topic matches /\(frame.state.filter)",
            headerStyle: frame.style(.header), rowStyle: frame.style(.text),
            selectionStyle: frame.style(.selection), emptyMessageStyle: frame.style(.muted)
        ).render(in: area, on: &canvas)
    }

    /// The topic table's cells, sorted by name, each with how it reads.
    static func topicRows(_ topics: [KafkaHealth.TopicSummary]) -> [(cells: [String], role: ThemeRole)] {
        topics.sorted { $0.name < $1.name }.map { topic in
            let rate = topic.messagesPerSecond.map(RateText.perSecond) ?? "–"
            let role: ThemeRole = topic.underMinISR > 0 ? .critical : topic.underReplicated > 0 ? .warn : .text
            return ([topic.name, "\(topic.partitions)", "\(topic.replicationFactor)", "\(topic.underReplicated)", "\(topic.underMinISR)", rate], role)
        }
    }

    /// Consumer groups with the workload that consumes for each and their lag per topic.
    func groups(in area: Rect, on canvas: inout Canvas) {
        var rows: [TableRow] = []
        let consumers = Dictionary(frame.groupConsumers.map { ($0.group, $0) }, uniquingKeysWith: { first, _ in first })
        for group in sample.groups.sorted(by: { $0.id < $1.id }) {
            let lags = health.lag.filter { $0.group == group.id }.sorted { $0.topic < $1.topic }
            let consumer = consumers[group.id]
            let members = consumer.map { $0.membersKnown ? "\($0.members.count)\($0.idleMembers > 0 ? " (\($0.idleMembers) idle)" : "")" : "–" } ?? "\(group.members.count)"
            let workload = consumer?.workload.map { workload in
                let name = String(workload.split(separator: "/", maxSplits: 1).last ?? Substring(workload))
                // Known from the group's name alone, not from members' pods: said as a guess.
                return consumer?.basis == .name ? "≈\(name)" : name
            } ?? "–"
            let base = [group.id, group.state ?? "–", members, workload]
            if let error = group.error {
                rows.append(TableRow(base + ["–", error], style: frame.style(.warn)))
            } else if lags.isEmpty {
                rows.append(TableRow(base + ["–", "–"]))
            }
            for lag in lags {
                rows.append(TableRow(base + [lag.topic, Self.lagText(lag)], style: frame.style(lag.messages > 0 ? .warn : .text)))
            }
        }
        let unavailable = sample.unavailable.first { $0.contains("ListGroups") || $0.contains("DescribeGroups") }
        Table(
            columns: [
                TableColumn(title: "GROUP", minWidth: 10, maxWidth: 40),
                TableColumn(title: "STATE", minWidth: 5, maxWidth: 20),
                TableColumn(title: "MEMBERS", minWidth: 7, maxWidth: 12, alignment: .right),
                TableColumn(title: "WORKLOAD", minWidth: 8, maxWidth: 40),
                TableColumn(title: "TOPIC", minWidth: 8, maxWidth: 40),
                TableColumn(title: "LAG", minWidth: 5, maxWidth: 60, alignment: .right),
            ],
            rows: rows, emptyMessage: unavailable ?? "no consumer groups",
            headerStyle: frame.style(.header), rowStyle: frame.style(.text),
            selectionStyle: frame.style(.selection), emptyMessageStyle: frame.style(.muted)
        ).render(in: area, on: &canvas)
    }

    /// `180 ≈3m12s`: messages behind, then how long ago the oldest unconsumed record was
    /// written, at record-batch precision (≈), when every partition's is known.
    static func lagText(_ lag: KafkaHealth.Lag) -> String {
        guard lag.messages > 0, let seconds = lag.seconds else { return "\(lag.messages)" }
        return "\(lag.messages) ≈\(DurationText.short(max(0, seconds)))"
    }

    /// A service panel's lines for the groups its workload consumes for: `orders lag 180 ≈3m12s`.
    static func serviceLines(for component: String, in frame: Frame) -> [StyledLine] {
        guard let health = frame.kafkaHealth else { return [] }
        var lines: [StyledLine] = []
        for group in frame.groupConsumers where group.component == component {
            for lag in health.lag where lag.group == group.group {
                lines.append(StyledLine([
                    Span("\(lag.topic) ", style: frame.style(.muted)),
                    Span("lag \(Self.lagText(lag))", style: frame.style(lag.messages > 0 ? .warn : .text)),
                    Span(group.members.isEmpty && group.membersKnown ? "  no members" : "", style: frame.style(.critical)),
                ]))
            }
        }
        return lines
    }

    /// The Overview's kafka panel lines.
    func summary() -> [StyledLine] {
        let counts = frame.kafkaBrokerCounts(of: sample)
        let brokerRole: ThemeRole = counts.expected.map { counts.reachable < $0 ? .critical : .text } ?? .text
        var lines = [StyledLine([
            Span("brokers ", style: frame.style(.muted)),
            Span("\(counts.inMetadata) in metadata, \(counts.reachable) reachable", style: frame.style(brokerRole)),
        ])]
        if !health.underMinISR.isEmpty || !health.offline.isEmpty {
            lines.append(StyledLine("\(health.underMinISR.count) under min ISR, \(health.offline.count) offline", style: frame.style(.critical)))
        }
        return lines
    }
}

extension Frame {
    /// Each consumer group with who consumes for it: the assessment's when there is one.
    var groupConsumers: [GroupConsumers] {
        if let assessment { return assessment.groups }
        return snapshot.kafka.map { GroupConsumers.all(sample: $0.sample, state: snapshot.kubernetes, components: components) } ?? []
    }

    /// ISR churn of the last minutes: the assessment's when there is one.
    var isrChurn: ISRChurn? {
        if let assessment { return assessment.isrChurn }
        return ISRChurn(history: snapshot.history, brokers: snapshot.kafka?.sample.brokers ?? [], now: snapshot.takenAt)
    }

    /// Kafka's brokers as each source counts them; the assessment's when there is one.
    func kafkaBrokerCounts(of sample: KafkaSample) -> KafkaBrokerCounts {
        assessment?.kafkaBrokers ?? KafkaBrokerCounts(snapshot: snapshot, components: components, sample: sample)
    }
}
