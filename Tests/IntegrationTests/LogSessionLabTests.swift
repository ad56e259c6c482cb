import Foundation
import InfraTopCore
import Testing
import InfraTopKubernetes

/// The logs pane's streams against the lab's log endpoint: follow, previous, container choice,
/// merged workloads, reconnects without duplicates, and the ring's bound under a flood.
///
/// The tests run off the main actor: starting labs and posting to their control channel block,
/// and other suites' collectors need the main queue meanwhile. Only the sessions live on it.
@Suite(.serialized, .enabled(if: KubeLab.isAvailable, "the lab needs python3 and openssl"))
struct LogSessionLabTests {
    static let namespace = "e-commerce-saga"
    static let quick = LogFollower.Settings(tailLines: 1000, reconnectDelay: 0.2...1)

    /// The names of the namespace's pods that start with `prefix`.
    static func pods(_ client: KubernetesClient, prefix: String) async throws -> [String] {
        try await client.list(.pods, namespace: namespace, as: Pod.self).items.map(\.metadata.name).filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Drains until `condition` holds on the session's lines.
    static func waitFor(_ session: LogSession, timeout: TimeInterval = 60, _ condition: @escaping @Sendable ([LogLine]) -> Bool) async -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if await Self.check(session, condition) { return true }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
        return await Self.check(session, condition)
    }

    @MainActor
    static func check(_ session: LogSession, _ condition: ([LogLine]) -> Bool) -> Bool {
        session.drain()
        return condition(Array(session.ring.lines))
    }

    /// The session's lines now, after taking what arrived.
    @MainActor
    static func lines(_ session: LogSession) -> [LogLine] {
        session.drain()
        return Array(session.ring.lines)
    }

    @Test func followsAContainerAndShowsWhatItWritesAsInertText() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client("token")
        let pod = try #require(try await Self.pods(client, prefix: "payment-service-").first)
        let session = await LogSession(client: client, namespace: Self.namespace, source: .pod(name: pod, containers: ["payment-service"]),
                                 settings: Self.quick)
        defer { Task { @MainActor in session.stop() } }
        #expect(await Self.waitFor(session) { $0.contains { $0.text.contains(" HTTP/1.1\" ") } })
        try lab.control("pods/\(pod)/say?text=%1B]0;pwned%07title%1B[2Jcleared%1B[5;5Hmoved%1B[31mred%1B[0m%FF")
        #expect(await Self.waitFor(session) { $0.contains { $0.text.hasPrefix("title") } })
        let hostile = try #require((await Self.lines(session)).last { $0.text.hasPrefix("title") })
        #expect(hostile.text == "titleclearedmovedred\u{FFFD}")
        #expect(hostile.spans.contains(LogSpan("red", style: LogStyle(foreground: .indexed(1)))))
        #expect(hostile.timestamp.flatMap(LogTimestamp.init) != nil)
        // A line past the 16 KiB cap is cut, saying exactly how much was cut.
        try lab.control("pods/\(pod)/say?text=" + String(repeating: "y", count: 20_000))
        #expect(await Self.waitFor(session) { $0.contains { $0.text.hasPrefix("yyyy") } })
        let long = try #require((await Self.lines(session)).last { $0.text.hasPrefix("yyyy") })
        // The cap counts the wire line, the kubelet's timestamp and its space included.
        let kept = 16_384 - (long.timestamp?.utf8.count ?? 0) - 1
        let cutExactly = long.text == String(repeating: "y", count: kept) + "… \(20_000 - kept) bytes cut"
        #expect(cutExactly, "kept \(long.text.prefix { $0 == "y" }.count) of 20000, then \(long.text.drop { $0 == "y" })")
        await client.shutdown()
    }

    @Test func previousShowsTheCrashBehindACrashLoop() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client("token")
        let pod = try #require(try await Self.pods(client, prefix: "order-service-").first)
        let session = await LogSession(client: client, namespace: Self.namespace, source: .pod(name: pod, containers: ["order-service"]),
                                 previous: true, settings: Self.quick)
        defer { Task { @MainActor in session.stop() } }
        #expect(await Self.waitFor(session) { $0.last?.text == "── end of the previous container's log ──" })
        let texts = (await Self.lines(session)).map(\.text)
        #expect(texts.contains("ERROR:    Error loading ASGI app. Could not import module \"app.main\"."))
        #expect(texts.first == "Waiting for kafka-client:9092 ...")
        await client.shutdown()
    }

    @Test func aChosenContainerIsTheOneFollowed() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client("token")
        let source = LogSource.pod(name: "redis-0", containers: ["redis", "metrics"])
        let metrics = await LogSession(client: client, namespace: Self.namespace, source: source, container: "metrics", settings: Self.quick)
        defer { Task { @MainActor in metrics.stop() } }
        #expect(await Self.waitFor(metrics) { $0.contains { $0.text.contains("level=info msg=\"scrape: redis://localhost:6379") } })
        #expect(!(await Self.lines(metrics)).contains { $0.text.hasPrefix("1:M ") })
        let redis = await LogSession(client: client, namespace: Self.namespace, source: source, container: "redis", settings: Self.quick)
        defer { Task { @MainActor in redis.stop() } }
        #expect(await Self.waitFor(redis) { $0.contains { $0.text.hasPrefix("1:M ") } })
        #expect(!(await Self.lines(redis)).contains { $0.text.contains("level=info") })
        await client.shutdown()
    }

    @Test func aWorkloadMergesItsPodsAndMarksPodsThatComeAndGo() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client("token")
        let pods = try await Self.pods(client, prefix: "payment-service-")
        #expect(pods.count == 3)
        let session = await LogSession(client: client, namespace: Self.namespace, source: .workload(kind: .deployment, name: "payment-service"),
                                 settings: Self.quick)
        defer { Task { @MainActor in session.stop() } }
        await session.update(pods: pods)
        #expect(await Self.waitFor(session) { lines in
            pods.allSatisfy { pod in lines.contains { $0.pod == pod && $0.text.contains(" HTTP/1.1\" ") } }
        })
        #expect((await Self.lines(session)).allSatisfy { $0.pod != nil })
        #expect(await session.pods == pods)

        try lab.control("pods/\(pods[1])/delete")
        await session.update(pods: try await Self.pods(client, prefix: "payment-service-"))
        #expect((await Self.lines(session)).contains { $0.text == "── pod \(pods[1]) is gone ──" && $0.kind == .marker })

        // kafka-1 running lets the StatefulSet create kafka-2: the merged stream adds it.
        let kafka = await LogSession(client: client, namespace: Self.namespace, source: .workload(kind: .statefulSet, name: "kafka"), settings: Self.quick)
        defer { Task { @MainActor in kafka.stop() } }
        await kafka.update(pods: try await Self.pods(client, prefix: "kafka-"))
        try lab.control("pods/kafka-1/run")
        await kafka.update(pods: try await Self.pods(client, prefix: "kafka-"))
        #expect(await kafka.pods == ["kafka-0", "kafka-1", "kafka-2"])
        #expect((await Self.lines(kafka)).contains { $0.text == "── pod kafka-2 appeared ──" && $0.pod == "kafka-2" })
        await client.shutdown()
    }

    @Test func aDroppedStreamReconnectsWithoutRepeatingALine() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client("token")
        let pod = try #require(try await Self.pods(client, prefix: "shipping-service-").first)
        let session = await LogSession(client: client, namespace: Self.namespace, source: .pod(name: pod, containers: ["shipping-service"]),
                                 settings: Self.quick)
        defer { Task { @MainActor in session.stop() } }
        for word in ["one", "two", "three"] { try lab.control("pods/\(pod)/say?text=said-\(word)") }
        #expect(await Self.waitFor(session) { $0.contains { $0.text == "said-three" } })
        try lab.control("watches/drop")
        #expect(await Self.waitFor(session) { $0.contains { $0.text.hasPrefix("── log stream ended") } })
        for word in ["four", "five"] { try lab.control("pods/\(pod)/say?text=said-\(word)") }
        #expect(await Self.waitFor(session) { $0.contains { $0.text == "said-five" } })
        try await Task.sleep(nanoseconds: 1_500_000_000)
        let lines = await Self.lines(session)
        #expect(lines.filter { $0.text.hasPrefix("said-") }.map(\.text) == ["said-one", "said-two", "said-three", "said-four", "said-five"])
        let written = lines.filter { $0.kind == .text }.map { "\($0.timestamp ?? "") \($0.text)" }
        #expect(Set(written).count == written.count, "a line was shown twice")
        // Every line the container wrote since the first is there once: the stamps go up without a repeat.
        let stamps = lines.compactMap { $0.timestamp.flatMap(LogTimestamp.init) }
        #expect(zip(stamps, stamps.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(lines.contains { $0.kind == .marker && $0.text.hasPrefix("── reconnected; lines from ") })
        await client.shutdown()
    }

    @Test func aRestartedContainerIsFollowedIntoItsNextRun() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client("token")
        let pod = try #require(try await Self.pods(client, prefix: "saga-coordinator-").first)
        let session = await LogSession(client: client, namespace: Self.namespace, source: .pod(name: pod, containers: ["saga-coordinator"]),
                                 settings: Self.quick)
        defer { Task { @MainActor in session.stop() } }
        #expect(await Self.waitFor(session) { $0.contains { $0.text.contains(" HTTP/1.1\" ") } })
        try lab.control("pods/\(pod)/crash")
        #expect(await Self.waitFor(session) { $0.contains { $0.text.hasPrefix("── log stream ended") } })
        try lab.control("pods/\(pod)/run")
        #expect(await Self.waitFor(session) { $0.contains { $0.text.contains("Application startup complete.") } })
        let texts = (await Self.lines(session)).map(\.text)
        let gap = try #require(texts.firstIndex { $0.hasPrefix("── log stream ended") })
        #expect(texts[gap...].filter { $0 == "INFO:     Started server process [1]" }.count == 1)
        await client.shutdown()
    }

    @Test func aFloodKeepsTheRingAtItsBound() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client("token")
        let pod = try #require(try await Self.pods(client, prefix: "payment-service-").first)
        let session = await LogSession(client: client, namespace: Self.namespace, source: .pod(name: pod, containers: ["payment-service"]),
                                 capacity: 2000, settings: Self.quick)
        defer { Task { @MainActor in session.stop() } }
        try lab.control("pods/\(pod)/flood?rate=10000")
        #expect(await Self.waitFor(session, timeout: 30) { _ in MainActor.assumeIsolated { session.ring.evicted } > 12_000 })
        try lab.control("pods/\(pod)/flood?rate=0")
        #expect(await session.ring.count == 2000)
        // The flood's lines are in order, none twice (markers aside).
        let numbers = (await Self.lines(session)).filter { $0.kind == .text && $0.text.hasPrefix("flood ") }
            .compactMap { Int($0.text.split(separator: " ")[3]) }
        #expect(numbers.count > 1000)
        #expect(zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 })
        await client.shutdown()
    }
}
