import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import InfraTopBasics
@testable import InfraTopCore
@testable import InfraTopKafka

/// A benchmark, not a timed test: what reading commit times adds to a poll, in CPU time and in
/// bytes on the wire, with 5 groups × 7 topics × 6 partitions on Debian's librdkafka mock.
/// It prints figures and asserts only that the reads happened. Run with
/// `INFRATOP_BENCH=1 swift test --filter KafkaCommitTimeCostBenchmark`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["INFRATOP_BENCH"] != nil))
struct KafkaCommitTimeCostBenchmark {
    static let topics = (0..<7).map { "topic\($0):6:3" }
    static let groups = (0..<5).map { "group\($0)" }

    @Test func addedCostPerPoll() async throws {
        let cluster = try KafkaMockCluster(brokers: 3, topics: Self.topics)
        defer { cluster.stop() }
        try cluster.send("produceall 200")
        for (index, group) in Self.groups.enumerated() { try cluster.send("commitall \(group) \(10 + 20 * index)") }

        let counter = WireCounter()
        func collector(_ commitTimes: KafkaCommitTimeReader.Configuration) -> KafkaCollector {
            KafkaCollector(configuration: .init(
                bootstrap: cluster.bootstrap, knownGroups: Self.groups,
                client: .init(connection: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(5), dialer: CountingDialer(counter: counter))),
                pollTimeout: .seconds(30), commitTimes: commitTimes))
        }
        let reading = collector(.init(readEvery: 1))
        let off = collector(.off)
        defer { reading.close(); off.close() }
        // Connect both and fill the cache once.
        let first = try await Self.poll(reading)
        _ = try await Self.poll(off)
        let behind = first.groups.flatMap { group in group.commitTimes.values }
        #expect(behind.count == 5 * 42)
        #expect(behind.allSatisfy { if case .known = $0.time { true } else { false } })

        let rounds = 10
        var withFetch = Measure(), without = Measure(), cached = Measure()
        for round in 1...rounds {
            // Every group commits ten further, in the next batch of ten, so every partition is read again.
            for (index, group) in Self.groups.enumerated() { try cluster.send("commitall \(group) \(10 + 20 * index + 10 * round)") }
            without.add(try await Self.measure(off, counter))
            withFetch.add(try await Self.measure(reading, counter))
            // Nothing moved since: the cache answers.
            cached.add(try await Self.measure(reading, counter))
        }
        let fetch = counter.perAPI(.fetch)
        print("BENCH commit times, 5 groups x 7 topics x 6 partitions (210 group-partitions behind), \(rounds) rounds, Debian librdkafka mock, Fetch v11:")
        print("BENCH   poll without commit times:        \(without.summary)")
        print("BENCH   poll reading all 210 afresh:      \(withFetch.summary)")
        print("BENCH   poll reading, commits unchanged:  \(cached.summary)")
        print("BENCH   Fetch over all polls: \(fetch.requests) requests, \(fetch.sent) B sent, \(fetch.received) B received; "
            + "per reading poll \(fetch.requests / (rounds + 1)) requests, \(fetch.sent / (rounds + 1)) B sent, \(fetch.received / (rounds + 1)) B received")
    }

    struct Measure {
        var cpu: [Double] = []
        var wall: [Double] = []
        var bytes: [Int] = []
        mutating func add(_ sample: (cpu: Double, wall: Double, bytes: Int)) {
            cpu.append(sample.cpu)
            wall.append(sample.wall)
            bytes.append(sample.bytes)
        }
        static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        var summary: String {
            String(format: "CPU median %.2f ms, wall median %.2f ms, wire median %d B",
                   Self.median(cpu) * 1000, Self.median(wall) * 1000, bytes.sorted()[bytes.count / 2])
        }
    }

    static func poll(_ collector: KafkaCollector) async throws -> KafkaSample {
        try await withCheckedThrowingContinuation { continuation in collector.poll { continuation.resume(with: $0) } }
    }

    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// One poll's process CPU time, wall time and bytes on the wire (both ways, all APIs).
    static func measure(_ collector: KafkaCollector, _ counter: WireCounter) async throws -> (cpu: Double, wall: Double, bytes: Int) {
        let bytesBefore = counter.total
        let cpuBefore = cpuSeconds()
        let wallBefore = Date()
        _ = try await poll(collector)
        return (cpuSeconds() - cpuBefore, Date().timeIntervalSince(wallBefore), counter.total - bytesBefore)
    }
}

/// Bytes through every connection, split by the Kafka API each frame belongs to.
final class WireCounter: @unchecked Sendable {
    struct Traffic { var requests = 0, sent = 0, received = 0 }
    private let lock = NIOLock()
    private var traffic: [Int16: Traffic] = [:]
    private var pending: [ObjectIdentifier: [Int32: Int16]] = [:]

    var total: Int { lock.withLock { traffic.values.reduce(0) { $0 + $1.sent + $1.received } } }
    func perAPI(_ api: KafkaAPIKey) -> Traffic { lock.withLock { traffic[api.rawValue] ?? Traffic() } }

    func sent(frame: ByteBuffer, on connection: ObjectIdentifier) {
        guard let key = frame.getInteger(at: frame.readerIndex + 4, as: Int16.self),
              let id = frame.getInteger(at: frame.readerIndex + 8, as: Int32.self)
        else { return }
        lock.withLock {
            pending[connection, default: [:]][id] = key
            traffic[key, default: Traffic()].requests += 1
            traffic[key, default: Traffic()].sent += frame.readableBytes
        }
    }

    func received(frame: ByteBuffer, on connection: ObjectIdentifier) {
        guard let id = frame.getInteger(at: frame.readerIndex + 4, as: Int32.self) else { return }
        lock.withLock {
            let key = pending[connection]?.removeValue(forKey: id) ?? -1
            traffic[key, default: Traffic()].received += frame.readableBytes
        }
    }
}

/// A TCP dialer that puts a byte counter in front of the Kafka handlers.
struct CountingDialer: Dialer {
    let counter: WireCounter

    func connect(
        to endpoint: Endpoint, on eventLoop: any EventLoop, connectTimeout: TimeAmount,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel> {
        let counter = counter
        return DirectDialer().connect(to: endpoint, on: eventLoop, connectTimeout: connectTimeout) { channel in
            initializer(channel).flatMapThrowing {
                try channel.pipeline.syncOperations.addHandler(FrameCounter(counter: counter), position: .first)
            }
        }
    }

    /// Splits both directions into Kafka frames (size prefix) and counts each whole frame.
    final class FrameCounter: ChannelDuplexHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        typealias OutboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let counter: WireCounter
        private var inbound = ByteBuffer()
        private var outbound = ByteBuffer()
        init(counter: WireCounter) { self.counter = counter }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            inbound.writeBuffer(&bytes)
            let id = ObjectIdentifier(context.channel)
            while let frame = Self.nextFrame(&inbound) { counter.received(frame: frame, on: id) }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            var bytes = unwrapOutboundIn(data)
            outbound.writeBuffer(&bytes)
            let id = ObjectIdentifier(context.channel)
            while let frame = Self.nextFrame(&outbound) { counter.sent(frame: frame, on: id) }
            context.write(data, promise: promise)
        }

        static func nextFrame(_ buffer: inout ByteBuffer) -> ByteBuffer? {
            guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self), size >= 0,
                  buffer.readableBytes >= 4 + Int(size)
            else { return nil }
            return buffer.readSlice(length: 4 + Int(size))
        }
    }
}
