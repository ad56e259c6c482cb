import Foundation
import TestSupport
import Testing

/// The local lab (`scripts/lab`): the Kubernetes API stand-in and a real redis-server.
enum Lab {
    static var script: String { Binary.repository.appendingPathComponent("scripts/lab").path }
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: script) && Subprocess.which("python3") && Subprocess.which("openssl")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server")
    }

    /// Runs `scripts/lab` with its state under `home`.
    static func run(_ arguments: [String], home: URL) throws -> Subprocess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["INFRATOP_LAB_DIR"] = home.appendingPathComponent("lab").path
        return try Subprocess.run([script] + arguments, environment: environment)
    }

    /// A shell in tmux whose environment has no user config, themes or passwords, with `home` as HOME.
    static func shell(home: URL, width: Int, height: Int) throws -> Tmux {
        let tmux = try Tmux(
            command: "bash --norc --noprofile", width: width, height: height,
            environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "PS1": "$ ", "REDIS_PASSWORD": "", "KUBECONFIG": "", "NO_COLOR": "", "INFRATOP_THEME": ""]
        )
        try #require(try tmux.waitFor(text: "$").matched, "the shell did not start")
        return tmux
    }
}

/// `infratop --record` against the lab, then `infratop replay` of what it wrote, in tmux.
@Suite(.serialized, .enabled(if: Lab.isAvailable, "needs python3, openssl and redis-server for the lab"))
struct RecordReplayEndToEndTests {

    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-e2e-replay-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    func lab(_ arguments: [String]) throws -> Subprocess.Result { try Lab.run(arguments, home: home) }

    func shell() throws -> Tmux { try Lab.shell(home: home, width: 120, height: 36) }

    /// The replay's position and count from the status line.
    func position(_ screen: [String]) -> (Int, Int)? {
        for line in screen {
            if let match = line.firstMatch(of: /REPLAY (\d+)\/(\d+)/), let n = Int(match.1), let count = Int(match.2) { return (n, count) }
        }
        return nil
    }

    @Test func aRecordingOfTheLabReplaysInTheDashboardWithPauseAndStep() throws {
        let up = try lab(["up", "--no-tick"])
        defer {
            _ = try? lab(["down"])
            try? FileManager.default.removeItem(at: home)
        }
        try #require(up.status == 0, "scripts/lab up failed: \(up.error)")
        let labArguments = try lab(["args"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let recording = home.appendingPathComponent("incident.jsonl").path

        let tmux = try shell()
        try tmux.send("\(Binary.path) \(labArguments) --zookeeper 127.0.0.1:1 --kafka 127.0.0.1:1 --record \(recording); echo \"exit=$?\"", "Enter")
        // Live Kubernetes and Redis data from the lab, then a few more polls.
        let live = try tmux.waitFor(timeout: 30) { screen in
            screen.contains { $0.contains("kafka-1 Pending") } && screen.contains { $0.contains(/k8s \d+s/) && $0.contains(/redis \d+s/) }
        }
        try #require(live.matched, "the dashboard did not show the lab:\n\(live.screen.joined(separator: "\n"))")
        sleep(4)
        try tmux.send("q")
        #expect(try tmux.waitFor(text: "exit=0").matched)

        let text = try String(contentsOfFile: recording, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count >= 6, "only \(lines.count) lines recorded")
        let password = try String(contentsOfFile: home.appendingPathComponent("lab/redis-password").path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!password.isEmpty && !text.contains(password))

        try tmux.send("clear; \(Binary.path) replay \(recording); echo \"exit=$?\"", "Enter")
        let started = try tmux.waitFor(text: "REPLAY ")
        try #require(started.matched, "the replay did not draw:\n\(started.screen.joined(separator: "\n"))")
        try tmux.send("Space")
        let paused = try tmux.waitFor(text: "‖ paused")
        try #require(paused.matched, "\(paused.screen.joined(separator: "\n"))")
        let (at, count) = try #require(position(paused.screen), "\(paused.screen.joined(separator: "\n"))")
        #expect(count == lines.count)
        if at < count {
            try tmux.send(".")
            #expect(try tmux.waitFor(text: "REPLAY \(at + 1)/\(count) ‖ paused").matched)
            try tmux.send(",")
            #expect(try tmux.waitFor(text: "REPLAY \(at)/\(count) ‖ paused").matched)
        }
        // A minute on is past the end of this short recording: the last snapshot, the lab's data.
        try tmux.send("]")
        let end = try tmux.waitFor(text: "REPLAY \(count)/\(count)")
        #expect(end.matched, "\(end.screen.joined(separator: "\n"))")
        #expect(end.screen.contains { $0.contains("kafka-1 Pending") }, "\(end.screen.joined(separator: "\n"))")
        try tmux.send(",")
        #expect(try tmux.waitFor(text: "REPLAY \(count - 1)/\(count) ‖ paused").matched)
        try tmux.send("4")
        let redis = try tmux.waitFor(text: "policy allkeys-lru")
        #expect(redis.matched, "\(redis.screen.joined(separator: "\n"))")
        try tmux.send("q")
        #expect(try tmux.waitFor(text: "exit=0").matched)

        let printed = try Binary.run(["replay", recording, "--print", "--at=-1", "--width", "120", "--height", "36"], environment: ["HOME": home.path])
        #expect(printed.status == 0, "\(printed.error)")
        #expect(printed.output.contains("REPLAY \(count)/\(count) ‖ paused"), "\(printed.output)")
        #expect(printed.output.contains("kafka-1 Pending"), "\(printed.output)")
        let json = try Binary.run(["replay", recording, "--print", "--format", "json", "--at=-1"], environment: ["HOME": home.path])
        #expect(json.status == 0, "\(json.error)")
        #expect(json.output.contains("\"context\" : \"lab-token\""), "\(json.output)")
        #expect(json.output.contains("kafka-1"), "\(json.output)")
    }

    @Test func aBadLineIsNamedAndSkipped() throws {
        let recording = home.appendingPathComponent("broken.jsonl").path
        defer { try? FileManager.default.removeItem(at: home) }
        try "this is not a snapshot\n".write(toFile: recording, atomically: true, encoding: .utf8)
        let empty = try Binary.run(["replay", recording, "--print"], environment: ["HOME": home.path])
        #expect(empty.status != 0)
        #expect(empty.error.contains("holds no snapshot that can be replayed (line 1: not JSON"), "\(empty.error)")
        let missing = try Binary.run(["replay", home.appendingPathComponent("nope.jsonl").path, "--print"], environment: ["HOME": home.path])
        #expect(missing.error.contains("cannot read the recording \(home.path)/nope.jsonl: No such file or directory"), "\(missing.error)")
    }

    @Test func aRecordingThatCannotBeWrittenIsANoticeNotACrash() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let tmux = try shell()
        try tmux.send("\(Binary.path) --redis redis://127.0.0.1:1 --record /nonexistent-dir/r.jsonl; echo \"exit=$?\"", "Enter")
        let refused = try tmux.waitFor { $0.contains { $0.hasPrefix("exit=") } }
        #expect(refused.screen.contains { $0.contains("cannot record to /nonexistent-dir/r.jsonl: No such file or directory") }, "\(refused.screen.joined(separator: "\n"))")
        #expect(refused.screen.contains { $0.contains("exit=64") }, "\(refused.screen.joined(separator: "\n"))")
        try tmux.send("clear", "Enter")
        // /dev/full opens, then fails every write as a full disk does.
        try tmux.send("\(Binary.path) --redis redis://127.0.0.1:1 --zookeeper 127.0.0.1:1 --kafka 127.0.0.1:1 --record /dev/full; echo \"exit=$?\"", "Enter")
        let notice = try tmux.waitFor(text: "recording stopped: cannot write /dev/full: No space left on device")
        #expect(notice.matched, "\(notice.screen.joined(separator: "\n"))")
        try tmux.send("2")
        #expect(try tmux.waitFor(text: "NAME").matched)
        try tmux.send("q")
        #expect(try tmux.waitFor(text: "exit=0").matched)
    }
}
