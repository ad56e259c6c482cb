import InfraTopCore

/// View 1: a health strip, the findings ranked worst first, and a panel per component.
struct OverviewView {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) -> ViewMetrics {
        let infrastructure = frame.components.filter { $0.role == .infrastructure }
        let services = frame.components.filter { $0.role == .service }
        // Findings get at most half of what is left after the strip and one line per component row,
        // so small terminals still show every component's panel with a line of content.
        let findingRows = min(max(frame.findings.count, 1), 6, max(1, (area.height - 7) / 2))
        let serviceRows = services.count > 3 && area.width < 120 && area.height >= 24 ? 2 : 1
        let rows = Layout.rows(area, [.fixed(1), .fixed(findingRows + 2), .fill, .fill(weight: serviceRows)])
        drawHealthStrip(in: rows[0], on: &canvas)
        let panelCount = 1 + infrastructure.count + services.count
        let focus = frame.state.focusedPanel % max(panelCount, 1)
        FindingsPanel(frame: frame, isFocused: focus == 0).render(in: rows[1], on: &canvas)
        var index = 1
        for (component, rect) in zip(infrastructure, Layout.columns(rows[2], infrastructure.map { _ in .fill })) {
            drawComponent(component, in: rect, focused: focus == index, on: &canvas)
            index += 1
        }
        let perRow = (services.count + serviceRows - 1) / max(serviceRows, 1)
        let serviceLines = Layout.rows(rows[3], Array(repeating: .fill, count: serviceRows))
        for (row, line) in serviceLines.enumerated() {
            let chunk = Array(services.dropFirst(row * perRow).prefix(perRow))
            for (component, rect) in zip(chunk, Layout.columns(line, chunk.map { _ in .fill })) {
                drawComponent(component, in: rect, focused: focus == index, on: &canvas)
                index += 1
            }
        }
        // A focused component panel offers its workload's logs to `l`, merged across its pods.
        let focusedComponent = focus >= 1 ? (infrastructure + services).dropFirst(focus - 1).first : nil
        let logSource = focusedComponent.flatMap { component in
            frame.workloadHealth(of: component).flatMap { $0.exists ? LogSource.workload(kind: component.workloadKind, name: $0.workloadName) : nil }
        }
        // With the Findings panel focused, ↑ ↓ pick the finding `d` describes.
        return ViewMetrics(panelCount: panelCount, rowCount: focus == 0 ? frame.findings.count : 0, pageSize: 1, logSource: logSource)
    }

    /// One badge per component: ready against desired replicas, or `?` without Kubernetes data.
    private func drawHealthStrip(in area: Rect, on canvas: inout Canvas) {
        var badges = frame.components.map { component -> Badge in
            let (text, role) = badge(for: component)
            return Badge(text, statusStyle: frame.style(role), textStyle: frame.style(role == .muted ? .muted : .text))
        }
        // Counts from a Kubernetes that stopped answering are last known, not current: say how old.
        if let stale = frame.staleFreshness(of: .kubernetes) {
            badges.insert(Badge("k8s \(stale)", statusStyle: frame.style(.warn), textStyle: frame.style(.warn)), at: 0)
        }
        BadgeStrip(badges, spacing: 2, background: frame.style(.background))
            .render(in: Rect(x: area.x + 1, y: area.y, width: area.width - 1, height: area.height), on: &canvas)
    }

    private func badge(for component: Component) -> (String, ThemeRole) {
        guard let health = frame.workloadHealth(of: component) else { return ("\(component.name) ?", .muted) }
        guard health.exists else { return ("\(component.name) absent", .warn) }
        return ("\(component.name) \(health.ready)/\(health.desired)", Self.role(of: health))
    }

    static func role(of health: WorkloadHealth) -> ThemeRole {
        if health.isHealthy { return .ok }
        return health.ready == 0 ? .critical : .warn
    }

    private func drawComponent(_ component: Component, in area: Rect, focused: Bool, on canvas: inout Canvas) {
        var lines: [StyledLine] = []
        let label = frame.style(.muted)
        // A panel drawn from data that stopped answering says how old it is: its own source first,
        // then Kubernetes. (Only sources with data can be stale.)
        let sources = [Self.ownSource(of: component)?.0, .kubernetes].compactMap { $0 }
        let kind = component.workloadKind == .statefulSet ? "sts" : "deploy"
        let reach = Self.ownSource(of: component).flatMap { frame.shortReach(of: $0.0) }
        // The title keeps the name and its dashes; what does not fit of how it is reached is left out.
        let room = area.width - component.name.count - 7
        let reached = reach.flatMap { reach in ["\(kind) · \(reach)", reach].first { $0.count <= room } }
        let status = sources.lazy.compactMap { frame.staleness(of: $0) }.first ?? reached ?? kind
        if let health = frame.workloadHealth(of: component) {
            if health.exists {
                lines.append(StyledLine([
                    Span("pods ", style: label),
                    Span("\(health.ready)/\(health.desired) ready", style: frame.style(Self.role(of: health))),
                ]))
                for replica in health.missing {
                    lines.append(StyledLine(replica.description, style: frame.style(health.ready == 0 ? .critical : .warn)))
                }
            } else {
                lines.append(StyledLine("no \(component.workloadKind.rawValue) \(component.workloadName)", style: frame.style(.warn)))
            }
        } else if let pods = frame.shortNotice(for: .kubernetes) {
            lines.append(StyledLine([Span("pods ", style: label), pods]))
        }
        if component.role == .service {
            lines += KafkaPanels.serviceLines(for: component.name, in: frame)
        }
        if let (source, what) = Self.ownSource(of: component) {
            if source == .redis, let redis = frame.snapshot.redis {
                lines += RedisPanels(frame: frame, redis: redis).summary()
            } else if source == .mongodb, let mongodb = frame.snapshot.mongodb {
                lines += MongoPanels(frame: frame, mongodb: mongodb).summary()
            } else if source == .kafka, let state = frame.snapshot.kafka, let health = frame.kafkaHealth {
                lines += KafkaPanels(frame: frame, kafka: state, health: health).summary()
            } else if source == .zookeeper, let sample = frame.snapshot.zookeeper {
                lines += ZooKeeperPanel(frame: frame, sample: sample).summary()
            } else if let state = frame.shortNotice(for: source) {
                lines.append(StyledLine([Span("\(what) ", style: label), state]))
            }
        }
        TextPanel(panel: frame.panel(component.name, status: status, focused: focused), lines: lines, style: frame.style(.text))
            .render(in: area, on: &canvas)
    }

    /// The source an infrastructure component has besides Kubernetes, and what it tells.
    static func ownSource(of component: Component) -> (SourceID, String)? {
        switch component.name {
        case "kafka": (.kafka, "brokers")
        case "zookeeper": (.zookeeper, "ensemble")
        case "redis": (.redis, "memory")
        case "mongodb": (.mongodb, "server")
        default: nil
        }
    }
}

/// The findings, worst first, one line each.
struct FindingsPanel: Widget {
    var frame: Frame
    var isFocused: Bool

    func render(in area: Rect, on canvas: inout Canvas) {
        let findings = frame.findings
        let lines: [StyledLine]
        if findings.isEmpty {
            lines = [StyledLine("no findings: every source answers and no rule fires", style: frame.style(.ok))]
        } else {
            lines = findings.map { finding in
                let role: ThemeRole = switch finding.severity {
                case .critical: .critical
                case .warning: .warn
                case .info: .muted
                }
                return StyledLine([
                    Span(TextWidth.pad(finding.severity.description, to: 9), style: frame.style(role)),
                    Span(finding.cause, style: frame.style(.text)),
                ])
            }
        }
        let panel = frame.panel("Findings", status: "\(findings.count)", focused: isFocused)
        panel.render(in: area, on: &canvas)
        let inner = panel.inner(of: area)
        // The selection shows only while the panel has focus, where ↑ ↓ move it and `d` opens it.
        let selected = isFocused && !findings.isEmpty ? min(frame.state.selectedRow[.overview] ?? 0, findings.count - 1) : nil
        let top = selected.map { max(0, $0 - inner.height + 1) } ?? 0
        for (row, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            let shown = top + row == selected ? StyledLine(line.spans.map { Span($0.text, style: frame.style(.selection)) }) : line
            canvas.write(shown, x: inner.x + 1, y: inner.y + row, clip: inner)
        }
    }
}
