import Foundation
import InfraTopCore
import InfraTopUI
import Testing
import InfraTopRedis

/// The Redis panel as the dashboard draws it, fed by the real collector from a real redis-server.
@MainActor
@Suite(.serialized, .enabled(if: RedisTestServer.isAvailable, "needs Debian's redis-server"))
struct RedisPanelTests {
    let password = "e-commerce-saga-redis-pass"

    init() { TerminalLocale.activateUTF8ForTesting() }

    func collectors(port: Int) throws -> Collectors {
        let endpoint = try RedisEndpoint(url: "redis://127.0.0.1:\(port)", password: password)
        let collector = RedisCollector(configuration: RedisCollector.Configuration(endpoint: endpoint, pollTimeout: .seconds(5)))
        let collectors = Collectors(store: Store(notConnectedReasons: [:]))
        collectors.add(.redis, interval: 3600, poll: { collector.poll(completion: $0) },
                       record: { store, sample, time in store.record(sample, at: time) }, close: { collector.close() })
        return collectors
    }

    func screen(_ collectors: Collectors, view: ViewID = .redis) -> [String] {
        let snapshot = collectors.store.snapshot(at: Date(), context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        var state = AppState()
        state.view = view
        let frame = Frame(snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), state: state, theme: .default)
        return Screen.render(frame, width: 120, height: 30).canvas.lines
    }

    /// The number after `label` on the screen, e.g. `evicted 312/s` → 312.
    func number(after label: String, in lines: [String]) -> Double? {
        for line in lines {
            guard let range = line.range(of: label + " ") else { continue }
            let digits = line[range.upperBound...].prefix { $0.isNumber || $0 == "." || $0 == "k" }
            let value = Double(digits.replacingOccurrences(of: "k", with: ""))
            return digits.hasSuffix("k") ? value.map { $0 * 1000 } : value
        }
        return nil
    }

    @Test func aFilledServerShowsEvictionsPerSecondAndMemoryNearTheLimit() async throws {
        let server = try RedisTestServer(password: password)
        defer { server.stop() }
        try server.start()
        let collectors = try collectors(port: server.port)
        defer { collectors.stop() }
        let load = try RedisTestLoad(port: server.port, password: password)
        defer { load.stop() }

        var lines: [String] = []
        for _ in 0..<240 {
            await collectors.collectOnce(timeout: 5)
            lines = screen(collectors)
            if let rate = number(after: "evicted", in: lines), rate > 0 { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        let text = lines.joined(separator: "\n")
        let rate = try #require(number(after: "evicted", in: lines), "no eviction rate on screen:\n\(text)")
        #expect(rate > 0, "\(text)")
        let used = try #require(collectors.store.redis?.sample.info.usedMemory)
        #expect(used > 240 * 1024 * 1024, "used_memory \(used)")
        #expect(lines.contains { $0.contains("/256Mi") }, "\(text)")
        #expect(lines.contains { $0.contains("critical  Redis: memory at") || $0.contains("warning   Redis: memory at") }, "\(text)")
        #expect(lines.contains { $0.contains("Redis: evicting") }, "\(text)")
        #expect(!text.contains(password))

        let overview = screen(collectors, view: .overview).joined(separator: "\n")
        #expect(overview.contains(/evicted [1-9][0-9.k]*\/s/), "\(overview)")
    }

    @Test func aKilledServerMakesThePanelStaleAndARestartBringsItBack() async throws {
        let server = try RedisTestServer(password: password)
        defer { server.stop() }
        try server.start()
        let collectors = try collectors(port: server.port)
        defer { collectors.stop() }
        await collectors.collectOnce(timeout: 5)
        #expect(screen(collectors).contains { $0.contains("┌ Memory") && $0.hasSuffix(" live ┐") })

        server.stop()
        try await Task.sleep(for: .milliseconds(1100))
        await collectors.collectOnce(timeout: 5)
        let stale = screen(collectors)
        // Its age is at least the second slept; a loaded machine may add more.
        #expect(stale.contains { $0.contains("┌ Memory") && $0.contains(/\ stale [1-9]\d*s ┐/) }, "\(stale.joined(separator: "\n"))")
        // The last good numbers stay on screen beside their age.
        #expect(stale.contains { $0.contains("AOF on") })
        #expect(stale.contains { $0.contains(/redis ✗[1-9]\d*s/) }, "\(stale.joined(separator: "\n"))")

        try server.start()
        await collectors.collectOnce(timeout: 5)
        let back = screen(collectors)
        #expect(back.contains { $0.contains("┌ Memory") && $0.hasSuffix(" live ┐") }, "\(back.joined(separator: "\n"))")
    }

    @Test func aWrongPasswordIsShownAsTheServerSaysItWithoutThePassword() async throws {
        let server = try RedisTestServer(password: "another-password")
        defer { server.stop() }
        try server.start()
        let collectors = try collectors(port: server.port)
        defer { collectors.stop() }
        await collectors.collectOnce(timeout: 5)
        let text = screen(collectors).joined(separator: "\n")
        #expect(text.contains("WRONGPASS from 127.0.0.1:\(server.port) — check REDIS_PASSWORD"), "\(text)")
        #expect(!text.contains(password))
    }
}
