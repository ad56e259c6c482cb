import Foundation
import Testing

/// The binary without a terminal: refusals, snapshot, check and bad input.
@Suite struct CommandLineTests {
    let environment: [String: String]
    let home: URL

    init() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-cli-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        self.home = home
        environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "REDIS_PASSWORD": "", "NO_COLOR": "", "INFRATOP_THEME": "", "KUBECONFIG": ""]
    }

    @Test func refusesToRunTheDashboardWithoutATerminal() throws {
        let result = try Binary.run([], environment: environment)
        #expect(result.status != 0)
        #expect(result.error.contains("infratop needs a terminal; to print one frame as text, run `infratop snapshot`"))
    }

    @Test func checkExitsOneWhileSourcesAreNotConnected() throws {
        let result = try Binary.run(["check", "--redis", "redis://127.0.0.1:1", "--zookeeper", "127.0.0.1:1", "--kafka", "127.0.0.1:1"], environment: environment)
        #expect(result.status == 1)
        #expect(result.output.contains("WARNING: Kubernetes not connected: No kubeconfig found (looked for \(home.path)/.kube/config) and not running in a pod; pass --kubeconfig or set KUBECONFIG"))
    }

    @Test func snapshotJSONCarriesSourcesAndFindings() throws {
        let result = try Binary.run(["snapshot", "--format", "json", "-n", "shop", "--redis", "redis://127.0.0.1:1", "--zookeeper", "127.0.0.1:1", "--kafka", "127.0.0.1:1",
                                      "--mongodb", "mongodb://127.0.0.1:1"], environment: environment)
        #expect(result.status == 0, "\(result.error)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(document["namespace"] as? String == "shop")
        let sources = try #require(document["sources"] as? [String: Any])
        #expect(Set(sources.keys) == ["kubernetes", "kafka", "zookeeper", "redis", "mongodb"])
        #expect((sources["mongodb"] as? [String: Any])?["state"] as? String == "failing")
        let redis = try #require(sources["redis"] as? [String: Any])
        #expect(redis["state"] as? String == "failing")
        #expect(redis["reason"] as? String == "connection refused by 127.0.0.1:1 — is Redis running?")
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.count == 5)
    }

    @Test func snapshotPrintsAnyViewAtTheRequestedSize() throws {
        let result = try Binary.run(["snapshot", "--view", "pods", "--width", "72", "--height", "16"], environment: environment)
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 16)
        #expect(lines.allSatisfy { $0.count <= 72 })
        #expect(lines[2].contains("NAME"))
    }

    @Test func aBadThemeFileFailsWithFileLineAndKey() throws {
        let theme = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString.prefix(6)).yaml")
        try "name: bad\nroles:\n  text: { fg: white }\n  bordr: { fg: red }\n".write(to: theme, atomically: true, encoding: .utf8)
        let result = try Binary.run(["snapshot", "--theme", theme.path], environment: environment)
        #expect(result.status != 0)
        #expect(result.error.contains("\(theme.path):4: roles.bordr: unknown role"))
    }

    @Test func aBadConfigFileFailsWithFileLineAndKey() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString.prefix(6)).yaml")
        try "namespace: shop\nrefrsh: 2\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try Binary.run(["check", "--config", config.path], environment: environment)
        #expect(result.status == 64)
        #expect(result.error.contains("\(config.path):2: refrsh: unknown key"))
    }
}
