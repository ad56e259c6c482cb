import Foundation
import InfraTopCore
import NIOCore
import NIOPosix
import InfraTopBasics
import InfraTopKafka
import InfraTopRedis
import InfraTopKubernetes
#if canImport(Glibc)
import Glibc
#endif

// infratop-bench: what reaching a source through the API server's port-forward costs beside
// reaching it directly, on the same servers in one run. Used by scripts/bench-reach against the
// local lab; build it in release (`swift build -c release --product infratop-bench`).
//
//   infratop-bench --kubeconfig FILE --redis-password-file FILE --redis HOST:PORT --kafka HOST:PORT [--polls N]
//
// For Redis, one poll is what the dashboard does every refresh (INFO and SLOWLOG GET on the kept
// connection); for Kafka, one Metadata request for all topics on the kept connection. The first
// poll of each, which opens the connection (and, tunnelled, the WebSocket), is timed apart.

struct Options {
    var kubeconfig = ""
    var passwordFile = ""
    var redis = ""
    var kafka = ""
    var polls = 200

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw BenchError("\(flag) needs a value") }
            switch flag {
            case "--kubeconfig": kubeconfig = value
            case "--redis-password-file": passwordFile = value
            case "--redis": redis = value
            case "--kafka": kafka = value
            case "--polls": polls = Int(value) ?? polls
            default: throw BenchError("unknown option \(flag)")
            }
        }
        guard !kubeconfig.isEmpty, !redis.isEmpty, !kafka.isEmpty else {
            throw BenchError("usage: infratop-bench --kubeconfig FILE --redis-password-file FILE --redis HOST:PORT --kafka HOST:PORT [--polls N]")
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Wall and CPU time of this process over a piece of work.
struct Cost {
    var wall: Double
    var cpu: Double

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func measure(_ work: () async throws -> Void) async rethrows -> Cost {
        let wall = Date(), cpu = cpuSeconds()
        try await work()
        return Cost(wall: Date().timeIntervalSince(wall), cpu: cpuSeconds() - cpu)
    }
}

func milliseconds(_ seconds: Double) -> String { String(format: "%7.3f ms", seconds * 1000) }

func redisPolls(_ collector: RedisCollector, count: Int) async throws -> (first: Cost, each: Cost) {
    func poll() async throws {
        let result = await withCheckedContinuation { continuation in collector.poll { continuation.resume(returning: $0) } }
        _ = try result.get()
    }
    let first = try await Cost.measure { try await poll() }
    let all = try await Cost.measure { for _ in 0..<count { try await poll() } }
    return (first, Cost(wall: all.wall / Double(count), cpu: all.cpu / Double(count)))
}

func kafkaPolls(_ client: KafkaClient, at endpoint: Endpoint, count: Int) async throws -> (first: Cost, each: Cost) {
    func poll() async throws { _ = try await client.metadata(from: [endpoint]).get() }
    let first = try await Cost.measure { try await poll() }
    let all = try await Cost.measure { for _ in 0..<count { try await poll() } }
    return (first, Cost(wall: all.wall / Double(count), cpu: all.cpu / Double(count)))
}

func run() async throws {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let access = try KubeconfigLoader(explicitPath: options.kubeconfig, environment: ProcessInfo.processInfo.environment).load()
    let client = try KubernetesClient(access: access)
    let cache = KubernetesCollector(client: client, configuration: .init(readsPreviousLogs: false))
    cache.start()
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline, case .failure = cache.currentResult() { try await Task.sleep(for: .milliseconds(100)) }
    let tunnels = PodTunnels(dialer: try PortForwardDialer(access: access, credentials: client.credentials), client: client) { cache.lastGood }
    let component = { (name: String) in Component.eCommerceSaga.first { $0.name == name } }
    let password = try Configuration.readSecret(file: options.passwordFile).revealed

    var rows: [(source: String, mode: String, first: Cost, each: Cost)] = []
    for (label, url, reach) in [
        ("direct", "redis://\(options.redis)", SourceReach(mode: .direct, component: nil, tunnels: nil)),
        ("tunnel", Configuration.Defaults.redisURL, SourceReach(mode: .api, component: component("redis"), tunnels: tunnels)),
    ] {
        let endpoint = try RedisEndpoint(url: url, password: password)
        let collector = RedisCollector(configuration: .init(endpoint: endpoint, connection: .init(dialer: reach), pollTimeout: .seconds(10)))
        let (first, each) = try await redisPolls(collector, count: options.polls)
        collector.close()
        rows.append(("Redis poll", label, first, each))
    }
    let loop = MultiThreadedEventLoopGroup.singleton.next()
    for (label, endpoint, reach) in [
        ("direct", try Endpoint(parsing: options.kafka), SourceReach(mode: .direct, component: nil, tunnels: nil)),
        ("tunnel", Configuration.Defaults.kafkaBootstrap[0], SourceReach(mode: .api, component: component("kafka"), tunnels: tunnels)),
    ] {
        let kafka = KafkaClient(configuration: .init(connection: .init(dialer: reach)), eventLoop: loop)
        let (first, each) = try await kafkaPolls(kafka, at: endpoint, count: options.polls)
        kafka.close()
        rows.append(("Kafka metadata", label, first, each))
    }
    await cache.stop()
    await client.shutdown()

    print("\(options.polls) polls each, on kept connections; the first (connecting) timed apart. CPU is this process's (user+system).")
    print("                         first: wall        |  each: wall       CPU")
    for row in rows {
        let label = "\(row.source), \(row.mode)".padding(toLength: 24, withPad: " ", startingAt: 0)
        print("\(label) \(milliseconds(row.first.wall))         |  \(milliseconds(row.each.wall))   \(milliseconds(row.each.cpu))")
    }
    for pair in stride(from: 0, to: rows.count, by: 2) {
        let (direct, tunnel) = (rows[pair].each, rows[pair + 1].each)
        print("\(rows[pair].source): tunnelled / direct = " + String(format: "%.2f× wall, %.2f× CPU", tunnel.wall / direct.wall, tunnel.cpu / direct.cpu))
    }
}

do {
    try await run()
} catch {
    FileHandle.standardError.write(Data("infratop-bench: \(error)\n".utf8))
    exit(1)
}
