import Foundation
import TestSupport
import Testing

/// Data out against the lab: `infratop serve` scraped by a real Prometheus (Debian's), its
/// `/metrics` checked by promtool, and the JSON model beside the views it must agree with.
@Suite(.serialized, .enabled(if: KafkaLab.isAvailable, "needs the lab with redis-server, Debian's zookeeper, librdkafka-dev and cc"))
struct DataOutEndToEndTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-e2e-data-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    func lab(_ arguments: [String]) throws -> Subprocess.Result { try Lab.run(arguments, home: home) }

    /// The lab's secrets: the Redis password and every bearer token its kubeconfigs hold.
    func secrets() throws -> [String] {
        let directory = home.appendingPathComponent("lab")
        var secrets = [try String(contentsOf: directory.appendingPathComponent("redis-password"), encoding: .utf8)]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix("token") {
            secrets.append(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
        }
        return secrets.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { $0.count >= 8 }
    }

    func expectNoSecret(in text: String, _ what: String, secrets: [String]) {
        for secret in secrets {
            #expect(!text.contains(secret), "\(what) holds a secret of the lab")
        }
    }

    /// Prometheus's answer to an instant query: each series' labels and value.
    func query(prometheus port: Int, _ expression: String) throws -> [([String: String], String)] {
        let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? expression
        let response = try HTTPGet.fetch(port: port, path: "/api/v1/query?query=\(encoded)")
        guard response.status == 200,
              let document = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any],
              let data = document["data"] as? [String: Any], let result = data["result"] as? [[String: Any]]
        else { return [] }
        return result.compactMap { series in
            guard let metric = series["metric"] as? [String: String], let value = series["value"] as? [Any], value.count == 2,
                  let text = value[1] as? String else { return nil }
            return (metric, text)
        }
    }

    @Test(.enabled(if: Subprocess.which("prometheus") && Subprocess.which("promtool"), "needs Debian's prometheus package"))
    func prometheusScrapesKafkaAndRedisSeriesFromServe() throws {
        let up = try lab(["up", "--no-tick"])
        defer {
            _ = try? lab(["down"])
            try? FileManager.default.removeItem(at: home)
        }
        try #require(up.status == 0, "scripts/lab up failed: \(up.error)")
        let arguments = try lab(["args"]).output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "REDIS_PASSWORD": "", "KUBECONFIG": "", "LANG": "C.UTF-8",
                           "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]

        let serve = try Subprocess.Background([Binary.path, "serve", "--listen", "127.0.0.1:0"] + arguments, environment: environment)
        var port = 0
        let listening = serve.waitForError(timeout: 30) { text in
            guard let match = text.firstMatch(of: /on http:\/\/127\.0\.0\.1:(\d+)/), let found = Int(match.1) else { return false }
            port = found
            return true
        }
        try #require(listening, "serve did not say where it listens: \(serve.error)")

        // Wait for every source to be live, through the server's own series.
        var metrics = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            metrics = (try? HTTPGet.fetch(port: port, path: "/metrics").body) ?? ""
            let live = ["kubernetes", "kafka", "zookeeper", "redis"].allSatisfy {
                metrics.contains("infratop_source_up{namespace=\"e-commerce-saga\",source=\"\($0)\"} 1.0")
            }
            if live && metrics.contains("infratop_redis_memory_max_bytes") { break }
            usleep(500_000)
        }
        #expect(metrics.contains("infratop_kafka_brokers{namespace=\"e-commerce-saga\",counted_by=\"expected\"} 3.0"), "\(metrics)")
        let response = try HTTPGet.fetch(port: port, path: "/metrics")
        #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")

        // promtool, Prometheus's own linter, accepts the exposition.
        let exposition = home.appendingPathComponent("metrics.txt")
        try response.body.write(to: exposition, atomically: true, encoding: .utf8)
        let lint = try Subprocess.run(["sh", "-c", "promtool check metrics < \"$0\"", exposition.path])
        #expect(lint.status == 0, "promtool check metrics: \(lint.output)\(lint.error)")

        let json = try HTTPGet.fetch(port: port, path: "/snapshot.json")
        #expect(json.status == 200 && json.headers["content-type"] == "application/json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any])
        #expect(document["namespace"] as? String == "e-commerce-saga")
        #expect(try HTTPGet.fetch(port: port, path: "/healthz").body == "ok\n")
        #expect(try HTTPGet.fetch(port: port, path: "/nowhere").status == 404)
        #expect(try HTTPGet.fetch(port: port, path: "/metrics", method: "DELETE").status == 405)

        // A real Prometheus scrapes it every second.
        let prometheusPort = try Subprocess.freePort()
        let config = home.appendingPathComponent("prometheus.yml")
        try """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - \(Binary.repository.appendingPathComponent("deploy/prometheus-rules.yaml").path)
        scrape_configs:
          - job_name: infratop
            honor_labels: true
            static_configs:
              - targets: ["127.0.0.1:\(port)"]
        """.write(to: config, atomically: true, encoding: .utf8)
        let prometheus = try Subprocess.Background([
            "prometheus", "--config.file=\(config.path)", "--storage.tsdb.path=\(home.appendingPathComponent("tsdb").path)",
            "--web.listen-address=127.0.0.1:\(prometheusPort)",
        ], environment: environment)
        var brokers: [([String: String], String)] = []
        var redis: [([String: String], String)] = []
        let scraped = Date().addingTimeInterval(60)
        while Date() < scraped {
            brokers = (try? query(prometheus: prometheusPort, "infratop_kafka_brokers")) ?? []
            redis = (try? query(prometheus: prometheusPort, "infratop_redis_memory_max_bytes")) ?? []
            if brokers.count == 5 && !redis.isEmpty { break }
            usleep(500_000)
        }
        let counted = Dictionary(brokers.map { ($0.0["counted_by"] ?? "?", $0.1) }, uniquingKeysWith: { first, _ in first })
        // e-commerce-saga: three brokers wanted, one pod Ready, one registered; the mock lists three, one answers through its pod.
        #expect(counted == ["expected": "3", "pods_ready": "1", "zookeeper": "1", "metadata": "3", "reachable": "1"],
                "Prometheus has \(brokers); its log: \(prometheus.error.suffix(2000))")
        #expect(redis.map(\.1) == ["268435456"], "\(redis)")
        #expect(redis.first?.0["namespace"] == "e-commerce-saga" && redis.first?.0["job"] == "infratop", "\(redis)")
        let rules = try HTTPGet.fetch(port: prometheusPort, path: "/api/v1/rules")
        #expect(rules.body.contains("\"name\":\"InfratopKafkaBrokersMissing\"") && rules.body.contains("\"health\":\"ok\""), "\(rules.body.prefix(2000))")
        _ = prometheus.stop(timeout: 10)

        let secrets = try secrets()
        #expect(!secrets.isEmpty)
        expectNoSecret(in: metrics, "/metrics", secrets: secrets)
        expectNoSecret(in: json.body, "/snapshot.json", secrets: secrets)
        let check = try Binary.run(["check", "--format", "json"] + arguments, environment: environment)
        #expect(check.status == 2, "\(check.error)")
        #expect(check.output.contains("\"worstSeverity\" : \"critical\""), "\(check.output)")
        expectNoSecret(in: check.output + check.error, "check --format json", secrets: secrets)

        // SIGTERM ends it promptly and cleanly.
        let status = serve.stop(signal: SIGTERM, timeout: 10)
        #expect(status == 0, "serve did not exit within 10 s of SIGTERM: \(serve.error)")
    }

    /// The same snapshot printed as the Pods and Kafka views and as JSON: a recording of the
    /// lab, replayed, so the ages in both are of one moment.
    @Test func theJSONModelHoldsWhatThePodsAndKafkaViewsShow() throws {
        let up = try lab(["up", "--no-tick"])
        defer {
            _ = try? lab(["down"])
            try? FileManager.default.removeItem(at: home)
        }
        try #require(up.status == 0, "scripts/lab up failed: \(up.error)")
        let arguments = try lab(["args"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let recording = home.appendingPathComponent("lab.jsonl").path
        let tmux = try Lab.shell(home: home, width: 160, height: 45)
        try tmux.send("\(Binary.path) \(arguments) --record \(recording); echo \"exit=$?\"", "Enter")
        let live = try tmux.waitFor(timeout: 60) { screen in
            screen.contains { $0.contains("brokers 3 in metadata, 1 reachable") } && screen.contains { $0.contains(/redis \d+s/) }
        }
        try #require(live.matched, "the dashboard did not show the lab:\n\(live.screen.joined(separator: "\n"))")
        sleep(5)
        try tmux.send("q")
        #expect(try tmux.waitFor(text: "exit=0").matched)

        let json = try Binary.run(["replay", recording, "--print", "--format", "json", "--at=-1"], environment: ["HOME": home.path])
        try #require(json.status == 0, "\(json.error)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let schema = try JSONSchemaCheck(schema: Data(contentsOf: Binary.repository.appendingPathComponent("docs/snapshot.schema.json")))
        let failures = schema.failures(of: document)
        #expect(failures.isEmpty, "\(failures.prefix(10).map(\.description).joined(separator: "\n"))")

        // Pods: every row of the view is a pod of the JSON, cell for cell.
        let pods = try #require((document["kubernetes"] as? [String: Any])?["pods"] as? [[String: Any]])
        let podsView = try Binary.run(["replay", recording, "--print", "--view", "pods", "--at=-1", "--width", "200", "--height", "\(pods.count + 8)"],
                                      environment: ["HOME": home.path])
        try #require(podsView.status == 0, "\(podsView.error)")
        let screen = podsView.output.split(separator: "\n").map(String.init)
        #expect(screen.contains { $0.contains("Pods (\(pods.count))") }, "\(podsView.output)")
        for pod in pods {
            let cells = ["name", "ready", "status", "restarts", "age", "node", "owner"].map { pod[$0] as? String ?? "?" }
            let row = cells.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: " +")
            #expect(screen.contains { $0.contains(try! Regex("│ +\(row) *│")) }, "no row \(cells) in the Pods view:\n\(podsView.output)")
        }

        // Topics: the Kafka view's topic table, row for row.
        let topics = try #require((document["kafka"] as? [String: Any])?["topics"] as? [[String: Any]])
        #expect(topics.count == 5)
        let kafkaView = try Binary.run(["replay", recording, "--print", "--view", "kafka", "--at=-1", "--width", "160", "--height", "60"],
                                       environment: ["HOME": home.path])
        try #require(kafkaView.status == 0, "\(kafkaView.error)")
        let kafkaScreen = kafkaView.output.split(separator: "\n").map(String.init)
        for topic in topics {
            let rate = (topic["messagesPerSecond"] as? Double).map { rate in
                rate >= 1000 ? String(format: "%.1fk/s", rate / 1000) : rate == rate.rounded() ? "\(Int(rate))/s" : String(format: "%.1f/s", rate)
            } ?? "–"
            let cells = [topic["name"] as? String ?? "?", "\(topic["partitions"] ?? "?")", "\(topic["replicationFactor"] ?? "?")",
                         "\(topic["underReplicated"] ?? "?")", "\(topic["underMinIsr"] ?? "?")", rate]
            let row = cells.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: " +")
            #expect(kafkaScreen.contains { $0.contains(try! Regex("│ +\(row) *│")) }, "no topic row \(cells):\n\(kafkaView.output)")
        }
    }
}
