import Foundation
import InfraTopCore
import Testing
@testable import InfraTopUI
import InfraTopKubernetes

/// `d` on the Overview: the selected finding in full, with the evidence that says what it breaks.
@Suite struct FindingOverlayTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static let brokers = Finding(
        severity: .critical, rule: "kafka-brokers-missing",
        cause: "2 of 3 Kafka brokers missing: kafka-1 Pending 14m (0/3 nodes are available: 3 Insufficient memory.); kafka-2 not created (OrderedReady waits for kafka-1)",
        evidence: [
            "StatefulSet kafka: desired 3, ready 1",
            "ZooKeeper lists broker 0 (kafka-0)",
            "with min.insync.replicas 2, producers with acks=all fail while fewer than 2 brokers are in sync",
        ],
        next: "the Scaling view (6) and the Kafka view (3)"
    )
    static let skew = Finding(severity: .warning, rule: "kafka-leader-skew", cause: "Kafka leadership is skewed 3.0×: broker 0 leads 15 of 15 partitions")

    static func render(_ state: AppState, findings: [Finding] = [brokers, skew], width: Int = 80, height: Int = 20) -> Canvas {
        let snapshot = Snapshot(takenAt: ScreenTests.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2, sources: [:])
        let frame = Frame(snapshot: snapshot, findings: findings, state: state, theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current)
        return Screen.render(frame, width: width, height: height).canvas
    }

    @Test func dShowsTheWholeFindingWithItsEvidenceAndWhereToLookNext() {
        var state = AppState()
        #expect(state.handle(.character("d"), panelCount: 3, rowCount: 2) == nil)
        #expect(state.isFindingShown)
        expectScreen(Self.render(state), [
            " infratop  1 Overview  2  3  4  5  6  7                  1 critical · 1 warning ",
            " ● mongodb ?  ● zookeeper ?  ● kafka ?  ● redis ?  ● order ?  ● inventory ?     ",
            "┌ Findings ───────────────────────────────────────────────────────────────── 2 ┐",
            "│ critic┌ Finding 1 of 2 · kafka-brokers-missing ── ↑↓ next  esc close ┐are ava│",
            "│ warnin│ critical 2 of 3 Kafka brokers missing: kafka-1 Pending 14m   │itions │",
            "└───────│ (0/3 nodes are available: 3 Insufficient memory.); kafka-2   │───────┘",
            "┌ mongod│ not created (OrderedReady waits for kafka-1)                 │── sts ┐",
            "│ pods n│                                                              │       │",
            "│ connec│ evidence                                                     │       │",
            "│ server│   • StatefulSet kafka: desired 3, ready 1                    │       │",
            "│ connec│   • ZooKeeper lists broker 0 (kafka-0)                       │       │",
            "└───────│   • with min.insync.replicas 2, producers with acks=all fail │───────┘",
            "┌ order │   while fewer than 2 brokers are in sync                     │coord… ┐",
            "│ pods n│                                                              │not    │",
            "│ connec│ next the Scaling view (6) and the Kafka view (3)             │cted   │",
            "│       └──────────────────────────────────────────────────────────────┘       │",
            "│           ││           ││           ││           ││           ││             │",
            "└───────────┘└───────────┘└───────────┘└───────────┘└───────────┘└─────────────┘",
            " ns e-commerce-saga 11:06:40  k8s off kafka off zk off redis off mongo off      ",
            " q quit  ? help  1-7 views  tab focus  / filter  enter open  esc back  t theme  ",
        ])
    }

    @Test func arrowsStepThroughTheFindingsAndEscClosesTheOverlay() {
        var state = AppState()
        _ = state.handle(.character("d"), panelCount: 3, rowCount: 2)
        _ = state.handle(.down, panelCount: 3, rowCount: 2)
        #expect(state.isFindingShown)
        let lines = Self.render(state).lines
        #expect(lines.contains { $0.contains("Finding 2 of 2 · kafka-leader-skew") })
        #expect(lines.contains { $0.contains("│ warning Kafka leadership is skewed 3.0×: broker 0 leads 15   │") })
        // Other keys are swallowed while it is open: no view switch under it.
        _ = state.handle(.character("2"), panelCount: 3, rowCount: 2)
        #expect(state.view == .overview)
        _ = state.handle(.escape, panelCount: 3, rowCount: 2)
        #expect(!state.isFindingShown)
        #expect(!Self.render(state).lines.contains { $0.contains("Finding 2 of 2") })
        #expect(state.handle(.character("d"), panelCount: 3, rowCount: 2) == nil)
        #expect(state.handle(.character("q"), panelCount: 3, rowCount: 2) == .quit)
    }

    @Test func dNeedsTheFindingsPanelFocusedAndAFinding() {
        var state = AppState()
        _ = state.handle(.tab, panelCount: 3, rowCount: 2)
        _ = state.handle(.character("d"), panelCount: 3, rowCount: 0)
        #expect(!state.isFindingShown)
        #expect(state.notice == "d describes the selected finding: focus the Findings panel (tab)")
        state = AppState()
        _ = state.handle(.character("d"), panelCount: 3, rowCount: 0)
        #expect(!state.isFindingShown)
        #expect(state.notice == "no finding to describe")
        // Elsewhere `d` means nothing.
        state.view = .kafka
        _ = state.handle(.character("d"), panelCount: 3, rowCount: 2)
        #expect(!state.isFindingShown)
    }

    @Test func theFocusedFindingsPanelScrollsToTheSelection() {
        // Six rows at most for findings: the eighth, selected, scrolls the first two away.
        let many = [Self.brokers, Self.skew] + (3...8).map { Finding(severity: .warning, rule: "test", cause: "finding \($0)") }
        var state = AppState()
        state.selectedRow[.overview] = 7
        let lines = Self.render(state, findings: many, width: 80, height: 30).lines
        #expect(lines[3].hasPrefix("│ warning  finding 3 "), "\(lines[3])")
        #expect(lines[8].hasPrefix("│ warning  finding 8 "), "\(lines[8])")
    }
}
