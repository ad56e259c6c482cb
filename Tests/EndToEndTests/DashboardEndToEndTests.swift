import Foundation
import TestSupport
import Testing

/// Drives the real binary in tmux: start, views, themes, help, resize, quit.
@Suite(.serialized)
struct DashboardEndToEndTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    /// A shell in tmux whose environment has no user config, themes or passwords.
    func shell(width: Int = 100, height: Int = 30) throws -> Tmux {
        let tmux = try Tmux(
            command: "bash --norc --noprofile", width: width, height: height,
            environment: [
                "HOME": home.path, "XDG_CONFIG_HOME": home.path, "PS1": "$ ", "REDIS_PASSWORD": "", "KUBECONFIG": "",
                // The caller's own choices must not leak in: NO_COLOR would start the theme cycle at monochrome.
                "NO_COLOR": "", "INFRATOP_THEME": "",
            ]
        )
        try #require(try tmux.waitFor(text: "$").matched, "the shell did not start")
        return tmux
    }

    /// Redis, ZooKeeper and Kafka at a port nothing listens on: refused at once, whatever DNS says.
    static let closedSources = "--redis redis://127.0.0.1:1 --zookeeper 127.0.0.1:1 --kafka 127.0.0.1:1"

    func startDashboard(in tmux: Tmux, arguments: String = closedSources) throws -> [String] {
        try tmux.send("\(Binary.path) \(arguments); echo \"exit=$?\"", "Enter")
        let started = try tmux.waitFor(text: "Findings")
        try #require(started.matched, "the dashboard did not draw:\n\(started.screen.joined(separator: "\n"))")
        return started.screen
    }

    @Test func startsOnTheOverviewAndSaysWhatIsNotConnected() throws {
        let tmux = try shell()
        _ = try startDashboard(in: tmux)
        // The first frame with "Findings" may still be arriving on a loaded machine: wait for the
        // settled screen, then check each part of it.
        let settled = try tmux.waitFor { screen in
            screen.count == 30 && screen.contains { $0.contains("ns e-commerce-saga") }
                && screen.contains { $0.contains("Kubernetes not connected: No kubeconfig found") }
        }
        let screen = settled.screen
        #expect(settled.matched, "\(screen.joined(separator: "\n"))")
        #expect(screen.first?.hasPrefix(" infratop  1 Overview  2 Pods  3 Kafka  4 Redis  5 Logs  6 Scaling") == true)
        // No kubeconfig in the test's own HOME: Kubernetes says so, and why.
        #expect(screen.contains { $0.contains("Kubernetes not connected: No kubeconfig found (looked for /tmp/") })
        #expect(screen.contains { $0.contains("ns e-commerce-saga") })
        #expect(screen.count == 30)
        try tmux.send("q")
        #expect(try tmux.waitFor(text: "exit=0").matched)
    }

    @Test func switchesViewsShowsHelpAndCyclesThemes() throws {
        let tmux = try shell()
        _ = try startDashboard(in: tmux)
        let views: [(String, String)] = [("2", "NAME"), ("3", "Brokers"), ("4", "Redis not answering"), ("5", "No log stream open"), ("6", "Scaling"), ("1", "Findings")]
        for (key, marker) in views {
            try tmux.send(key)
            let shown = try tmux.waitFor(text: marker)
            #expect(shown.matched, "view \(key) did not show \(marker):\n\(shown.screen.joined(separator: "\n"))")
        }
        try tmux.send("?")
        #expect(try tmux.waitFor(text: "refresh every source now").matched)
        // `?` closes it again; Esc does too (AppStateTests), but a lone ESC followed at once by a
        // key can read as Alt+key on a loaded machine, which would make this test flaky.
        try tmux.send("?")
        #expect(try tmux.waitFor { !$0.contains { $0.contains("refresh every source now") } }.matched)
        for theme in ["light", "dracula"] {
            try tmux.send("t")
            let shown = try tmux.waitFor(text: "theme: \(theme)")
            #expect(shown.matched, "\(shown.screen.joined(separator: "\n"))")
        }
        try tmux.send("q")
        #expect(try tmux.waitFor(text: "exit=0").matched)
    }

    @Test func followsResizesAndSaysWhenTheTerminalIsTooSmall() throws {
        let tmux = try shell()
        _ = try startDashboard(in: tmux)
        try tmux.resize(width: 50, height: 12)
        // Both lines are one frame, but tmux may capture the pane between the terminal's writes of it.
        let small = try tmux.waitFor { screen in
            screen.contains { $0.contains("terminal too small: 50×12") } && screen.contains { $0.contains("infratop needs 60×15") }
        }
        #expect(small.matched, "\(small.screen.joined(separator: "\n"))")
        try tmux.resize(width: 80, height: 24)
        let back = try tmux.waitFor { $0.count == 24 && $0.contains { $0.contains("Findings") } }
        #expect(back.matched, "\(back.screen.joined(separator: "\n"))")
        #expect(back.screen[0].hasPrefix(" infratop  1 Overview"))
        try tmux.send("q")
        #expect(try tmux.waitFor(text: "exit=0").matched)
    }

    @Test func quittingLeavesTheTerminalSane() throws {
        let tmux = try shell()
        _ = try startDashboard(in: tmux)
        #expect(try tmux.value("#{alternate_on}") == "1")
        try tmux.send("q")
        #expect(try tmux.waitFor(text: "exit=0").matched)
        #expect(try tmux.value("#{alternate_on}") == "0")
        #expect(try tmux.value("#{cursor_flag}") == "1")
        try tmux.send("stty -a | tr ' ' '\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo", "Enter")
        let modes = try tmux.waitFor(text: "icanon echo")
        #expect(modes.matched, "\(modes.screen.joined(separator: "\n"))")
    }

    @Test func ctrlCAndSIGTERMRestoreTheTerminal() throws {
        let tmux = try shell()
        _ = try startDashboard(in: tmux)
        try tmux.send("C-c")
        #expect(try tmux.waitFor(text: "exit=130").matched)
        #expect(try tmux.value("#{alternate_on}") == "0")

        try tmux.send("clear", "Enter")
        _ = try startDashboard(in: tmux)
        let shellPID = try tmux.value("#{pane_pid}")
        let children = try Binary.shell("pgrep -P \(shellPID) -x infratop")
        let pid = try #require(Int32(children.trimmingCharacters(in: .whitespacesAndNewlines)), "no infratop child of \(shellPID)")
        kill(pid, SIGTERM)
        #expect(try tmux.waitFor(text: "exit=143").matched)
        #expect(try tmux.value("#{alternate_on}") == "0")
        #expect(try tmux.value("#{cursor_flag}") == "1")
    }

    @Test func snapshotPrintsTheLinesTheScreenShows() throws {
        let tmux = try shell(width: 100, height: 30)
        _ = try startDashboard(in: tmux)
        // Wait for the refusals, so both frames show the same state of every source.
        let settled = try tmux.waitFor { $0.contains { $0.contains("kafka ✗never") && $0.contains("zk ✗never") && $0.contains("redis ✗never") } }
        try #require(settled.matched, "\(settled.screen.joined(separator: "\n"))")
        let screen = settled.screen
        let snapshot = try Binary.run(["snapshot", "--width", "100", "--height", "30", "--redis", "redis://127.0.0.1:1", "--zookeeper", "127.0.0.1:1", "--kafka", "127.0.0.1:1"], environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "REDIS_PASSWORD": "", "KUBECONFIG": ""])
        #expect(snapshot.status == 0, "\(snapshot.error)")
        var printed = snapshot.output.components(separatedBy: "\n")
        if printed.last == "" { printed.removeLast() }
        #expect(printed.count == 30)
        let clock = /\d\d:\d\d:\d\d/
        let normalise: (String) -> String = { $0.replacing(clock, with: "HH:MM:SS") }
        #expect(printed.map(normalise) == screen.map(normalise))
        try tmux.send("q")
    }
}

extension Binary {
    /// Runs a shell command line and returns its standard output.
    static func shell(_ command: String) throws -> String {
        try Subprocess.run(["/bin/sh", "-c", command]).output
    }
}
