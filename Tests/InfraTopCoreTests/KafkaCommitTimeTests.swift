import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKafka

/// Two scripted brokers holding topic `orders` (partition 0 led by broker 0, partition 1 by
/// broker 1) whose log is batches of five records: the batch holding offset n starts at
/// n - n % 5, and its first record was written at `written(batchBase)`.
final class CommitTimeCluster: @unchecked Sendable {
    static let epoch: Int64 = 1_700_000_000_000
    /// When the batch starting at `base` was written: one second per offset after `epoch`.
    static func written(_ base: Int64) -> Int64 { epoch + base * 1000 }

    struct Fetch: Sendable {
        var node: Int32
        var version: Int16
        var request: FetchRequest
    }

    private let lock = NIOLock()
    private var _commits: [String: [Int32: Int64]]
    private var _fetches: [Fetch] = []
    private var _fetchErrors: [Int32: [KafkaErrorCode]] = [:]
    private var _throttleMs: Int32 = 0
    private var _lowWatermark: Int64 = 0
    private var _fetchSilently = false
    private var _offersFetch = true
    let highWatermark: Int64 = 100
    /// The log start a Fetch answer gives with an error.
    let logStartInFetch: Int64 = 60
    var lowWatermark: Int64 {
        get { lock.withLock { _lowWatermark } }
        set { lock.withLock { _lowWatermark = newValue } }
    }
    var fetchSilently: Bool {
        get { lock.withLock { _fetchSilently } }
        set { lock.withLock { _fetchSilently = newValue } }
    }
    var offersFetch: Bool {
        get { lock.withLock { _offersFetch } }
        set { lock.withLock { _offersFetch = newValue } }
    }

    init(commits: [String: [Int32: Int64]]) { _commits = commits }

    var commits: [String: [Int32: Int64]] {
        get { lock.withLock { _commits } }
        set { lock.withLock { _commits = newValue } }
    }
    var fetches: [Fetch] { lock.withLock { _fetches } }
    /// Errors for the next Fetches of a partition, one per Fetch.
    func failNextFetches(of partition: Int32, with codes: [KafkaErrorCode]) { lock.withLock { _fetchErrors[partition] = codes } }
    func throttleNextFetch(ms: Int32) { lock.withLock { _throttleMs = ms } }

    func script(node: Int32) -> KafkaScriptedBroker.Script {
        { request in
            let id = request.correlationID
            func reply<R: KafkaResponse>(_ response: R) -> KafkaScriptedBroker.Reply {
                .bytes(try! KafkaEnvelope.encodeResponse(response, version: request.version, correlationID: id))
            }
            switch request.apiKey {
            case .apiVersions:
                let scripted: Set<KafkaAPIKey> = [.apiVersions, .metadata, .listOffsets, .listGroups, .findCoordinator, .describeGroups, .offsetFetch]
                let offersFetch = self.offersFetch
                return kafkaApiVersionsReply(request, apis: kafkaModernAPIs.filter { scripted.contains($0.apiKey) || (offersFetch && $0.apiKey == .fetch) })
            case .metadata:
                return reply(MetadataResponse(
                    brokers: [.init(nodeID: 0, host: "kafka-0", port: 9092), .init(nodeID: 1, host: "kafka-1", port: 9092)],
                    clusterID: "saga", controllerID: 0,
                    topics: [.init(name: "orders", partitions: [
                        .init(partitionIndex: 0, leaderID: 0, replicaNodes: [0, 1], isrNodes: [0, 1]),
                        .init(partitionIndex: 1, leaderID: 1, replicaNodes: [1, 0], isrNodes: [1, 0]),
                    ])]))
            case .listOffsets:
                let asked = try! KafkaEnvelope.decodeRequest(ListOffsetsRequest.self, frame: request.frame).request
                return reply(ListOffsetsResponse(topics: asked.topics.map { topic in
                    .init(name: topic.name, partitions: topic.partitions.map { partition in
                        guard partition.partitionIndex == node else {
                            return .init(partitionIndex: partition.partitionIndex, errorCode: .notLeaderOrFollower, offset: -1)
                        }
                        let latest = partition.timestamp == ListOffsetsRequest.latestTimestamp
                        return .init(partitionIndex: partition.partitionIndex, offset: latest ? self.highWatermark : self.lowWatermark)
                    })
                }))
            case .listGroups:
                return reply(ListGroupsResponse(groups: node == 0 ? self.commits.keys.sorted().map { .init(groupID: $0, protocolType: "consumer") } : []))
            case .findCoordinator:
                let asked = try! KafkaEnvelope.decodeRequest(FindCoordinatorRequest.self, frame: request.frame).request
                return reply(FindCoordinatorResponse(coordinators: asked.keys.map { .init(key: $0, nodeID: 0, host: "kafka-0", port: 9092) }))
            case .describeGroups:
                let asked = try! KafkaEnvelope.decodeRequest(DescribeGroupsRequest.self, frame: request.frame).request
                return reply(DescribeGroupsResponse(groups: asked.groupIDs.map {
                    .init(groupID: $0, groupState: "Empty", protocolType: "consumer", protocolData: "", members: [])
                }))
            case .offsetFetch:
                let asked = try! KafkaEnvelope.decodeRequest(OffsetFetchRequest.self, frame: request.frame).request
                let commits = self.commits
                return reply(OffsetFetchResponse(groups: asked.groups.map { group in
                    .init(groupID: group.groupID, topics: [.init(name: "orders", partitions: (commits[group.groupID] ?? [:]).sorted { $0.key < $1.key }.map {
                        .init(partitionIndex: $0.key, committedOffset: $0.value)
                    })])
                }))
            case .fetch:
                let asked = try! KafkaEnvelope.decodeRequest(FetchRequest.self, frame: request.frame).request
                let throttle: Int32 = self.lock.withLock {
                    self._fetches.append(Fetch(node: node, version: request.version, request: asked))
                    defer { self._throttleMs = 0 }
                    return self._throttleMs
                }
                if self.fetchSilently { return .silence }
                return reply(FetchResponse(throttleTimeMs: throttle, topics: asked.topics.map { topic in
                    .init(name: topic.name, partitions: topic.partitions.map { partition in
                        let index = partition.partitionIndex
                        let error: KafkaErrorCode? = self.lock.withLock {
                            guard var queue = self._fetchErrors[index], !queue.isEmpty else { return nil }
                            let code = queue.removeFirst()
                            self._fetchErrors[index] = queue
                            return code
                        }
                        if let error {
                            return .init(partitionIndex: index, errorCode: error, highWatermark: -1, logStartOffset: self.logStartInFetch, records: nil)
                        }
                        guard index == node else {
                            return .init(partitionIndex: index, errorCode: .notLeaderOrFollower, highWatermark: -1, records: nil)
                        }
                        // The batch holding the offset and the next one, the second cut short.
                        let base = partition.fetchOffset - partition.fetchOffset % 5
                        let records = kafkaRecordBatch(
                            baseOffset: base, lastOffsetDelta: 4, firstTimestamp: Self.written(base), maxTimestamp: Self.written(base) + 400)
                            + Array(kafkaRecordBatch(baseOffset: base + 5, lastOffsetDelta: 4, firstTimestamp: Self.written(base + 5))[..<64])
                        return .init(partitionIndex: index, highWatermark: self.highWatermark, logStartOffset: 0, records: kafkaBuffer(records))
                    })
                }))
            default:
                return .silence
            }
        }
    }
}

@Suite("Kafka commit times", .serialized)
struct KafkaCommitTimeTests {
    typealias TP = KafkaSample.TopicPartition

    /// The time of the batch holding `offset`, as the cluster writes it.
    static func record(at offset: Int64) -> KafkaRecordTime {
        let base = offset - offset % 5
        return KafkaRecordTime(
            firstTimestamp: CommitTimeCluster.written(base), maxTimestamp: CommitTimeCluster.written(base) + 400,
            timestampType: .createTime, batchBaseOffset: base, batchLastOffset: base + 4)
    }

    static func seconds(_ sample: KafkaSample, since offset: Int64) -> Double {
        sample.takenAt.timeIntervalSince1970 - Double(record(at: offset).firstTimestamp) / 1000
    }

    final class Brokers {
        let cluster: CommitTimeCluster
        let zero: KafkaScriptedBroker
        let one: KafkaScriptedBroker
        init(_ cluster: CommitTimeCluster) throws {
            self.cluster = cluster
            zero = try KafkaScriptedBroker(script: cluster.script(node: 0))
            one = try KafkaScriptedBroker(script: cluster.script(node: 1))
        }
        deinit { zero.stop(); one.stop() }

        func collector(_ commitTimes: KafkaCommitTimeReader.Configuration, requestTimeout: TimeAmount = .seconds(2)) -> KafkaCollector {
            KafkaCollector(configuration: .init(
                bootstrap: [zero.endpoint], addressMap: KafkaAddressMap(explicit: [0: zero.endpoint, 1: one.endpoint]),
                client: .init(connection: .init(connectTimeout: .seconds(2), requestTimeout: requestTimeout)),
                commitTimes: commitTimes))
        }
    }

    func poll(_ collector: KafkaCollector) async throws -> KafkaSample {
        try await withCheckedThrowingContinuation { continuation in collector.poll { continuation.resume(with: $0) } }
    }

    func lag(_ sample: KafkaSample, _ group: String = "order-service") -> KafkaHealth.Lag? {
        KafkaHealth(sample: sample).lag.first { $0.group == group }
    }

    @Test func readsEveryNPollsAndNeverAsksAgainForAnUnchangedCommit() async throws {
        let brokers = try Brokers(CommitTimeCluster(commits: ["order-service": [0: 42, 1: 100]]))
        let cluster = brokers.cluster
        let collector = brokers.collector(.init(readEvery: 3))
        defer { collector.close() }

        // Poll 1 reads: one Fetch, to partition 0's leader only (partition 1 is caught up).
        let first = try await poll(collector)
        #expect(cluster.fetches.count == 1)
        let fetch = try #require(cluster.fetches.first)
        #expect(fetch.node == 0)
        #expect(fetch.version == 12)
        #expect(fetch.request == FetchRequest(
            maxWaitMs: 0, minBytes: 1, maxBytes: 2048, isolationLevel: .readUncommitted,
            topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, fetchOffset: 42, partitionMaxBytes: 2048)])]))
        #expect(first.group("order-service")?.commitTimes == [TP("orders", 0): .init(committedOffset: 42, time: .known(Self.record(at: 42)), readAt: first.takenAt)])
        #expect(lag(first)?.timePerPartition == [0: .behind(seconds: Self.seconds(first, since: 42), record: Self.record(at: 42)), 1: .caughtUp])
        #expect(lag(first)?.seconds == Self.seconds(first, since: 42))

        // Polls 2 and 3 do not read; the time read stands, and the lag grows with the clock.
        for _ in 2...3 {
            let sample = try await poll(collector)
            #expect(sample.group("order-service")?.commitTimes[TP("orders", 0)]?.readAt == first.takenAt)
            #expect(lag(sample)?.seconds == Self.seconds(sample, since: 42))
        }
        #expect(cluster.fetches.count == 1)
        // Poll 4 reads, but the commit has not moved.
        _ = try await poll(collector)
        #expect(cluster.fetches.count == 1)

        // The group commits 44, still in the batch 40–44: known without asking.
        cluster.commits = ["order-service": [0: 44, 1: 100]]
        let inBatch = try await poll(collector)  // 5
        #expect(lag(inBatch)?.seconds == Self.seconds(inBatch, since: 44))
        // Then 47, past it: not known until the next reading poll (7).
        cluster.commits = ["order-service": [0: 47, 1: 100]]
        let moved = try await poll(collector)  // 6
        #expect(lag(moved)?.seconds == nil)
        #expect(lag(moved)?.secondsUnknownReason == .notReadYet)
        #expect(moved.group("order-service")?.commitTimes[TP("orders", 0)]?.committedOffset == 42)
        let reread = try await poll(collector)  // 7
        #expect(cluster.fetches.count == 2)
        #expect(cluster.fetches.last?.request.topics.first?.partitions.first?.fetchOffset == 47)
        #expect(lag(reread)?.timePerPartition[0] == .behind(seconds: Self.seconds(reread, since: 47), record: Self.record(at: 47)))

        // Caught up: nothing kept for the partition. Behind again at the same offset: asked again.
        cluster.commits = ["order-service": [0: 100, 1: 100]]
        let caughtUp = try await poll(collector)  // 8
        #expect(caughtUp.group("order-service")?.commitTimes == [:])
        #expect(lag(caughtUp)?.seconds == 0)
        cluster.commits = ["order-service": [0: 47, 1: 100]]
        _ = try await poll(collector)  // 9
        _ = try await poll(collector)  // 10 reads
        #expect(cluster.fetches.count == 3)
    }

    @Test func routesEachPartitionToItsLeaderAndAsksEachOffsetOnce() async throws {
        let brokers = try Brokers(CommitTimeCluster(commits: [
            "billing": [0: 42, 1: 10],
            "order-service": [0: 42, 1: 42],
        ]))
        let collector = brokers.collector(.init(readEvery: 1, partitionMaxBytes: 1024))
        defer { collector.close() }
        let sample = try await poll(collector)
        let fetches = brokers.cluster.fetches
        // Broker 0: partition 0 at 42, for both groups at once. Broker 1: partition 1 at 10
        // and at 42 in two requests, since one request names a partition once.
        func asked(_ fetch: CommitTimeCluster.Fetch) -> [String] {
            fetch.request.topics.flatMap { topic in topic.partitions.map { "\(topic.name)-\($0.partitionIndex)@\($0.fetchOffset)" } }
        }
        #expect(fetches.filter { $0.node == 0 }.map(asked) == [["orders-0@42"]])
        #expect(fetches.filter { $0.node == 1 }.map(asked).sorted { $0[0] < $1[0] } == [["orders-1@10"], ["orders-1@42"]])
        #expect(fetches.allSatisfy { $0.request.maxBytes == 1024 && $0.request.topics[0].partitions[0].partitionMaxBytes == 1024 })
        #expect(sample.problems == [])
        let billing = try #require(lag(sample, "billing"))
        #expect(billing.timePerPartition == [
            0: .behind(seconds: Self.seconds(sample, since: 42), record: Self.record(at: 42)),
            1: .behind(seconds: Self.seconds(sample, since: 10), record: Self.record(at: 10)),
        ])
        // The oldest record waiting is at offset 10: that is how far behind billing is.
        #expect(billing.seconds == Self.seconds(sample, since: 10))
        #expect(lag(sample)?.seconds == Self.seconds(sample, since: 42))
    }

    @Test func errorsAreReasonsOfTheirPartitionAndOnlyPassingOnesAreAskedAgain() async throws {
        let brokers = try Brokers(CommitTimeCluster(commits: ["order-service": [0: 42, 1: 42]]))
        let cluster = brokers.cluster
        cluster.failNextFetches(of: 0, with: [.notLeaderOrFollower])
        // Retention moved past 42 between ListOffsets (low watermark 0) and Fetch (log start 60).
        cluster.failNextFetches(of: 1, with: [KafkaErrorCode(1)])
        let collector = brokers.collector(.init(readEvery: 1))
        defer { collector.close() }

        let first = try await poll(collector)
        #expect(cluster.fetches.count == 2)
        #expect(lag(first)?.timePerPartition == [
            0: .unknown(.brokerError(.notLeaderOrFollower)), 1: .unknown(.committedOffsetDeleted(logStartOffset: 60)),
        ])
        #expect(lag(first)?.seconds == nil)
        #expect(lag(first)?.secondsUnknownReason == .brokerError(.notLeaderOrFollower))
        #expect(first.problems == [])

        // The leader change passes; the deleted offset stays deleted and is not asked again.
        let second = try await poll(collector)
        #expect(cluster.fetches.count == 3)
        #expect(cluster.fetches.last?.node == 0)
        #expect(lag(second)?.timePerPartition == [
            0: .behind(seconds: Self.seconds(second, since: 42), record: Self.record(at: 42)),
            1: .unknown(.committedOffsetDeleted(logStartOffset: 60)),
        ])
        #expect(lag(second)?.secondsUnknownReason == .committedOffsetDeleted(logStartOffset: 60))

        // ListOffsets now agrees the log starts at 60: said without a Fetch.
        cluster.lowWatermark = 60
        let third = try await poll(collector)
        #expect(cluster.fetches.count == 3)
        #expect(lag(third)?.timePerPartition[1] == .unknown(.committedOffsetDeleted(logStartOffset: 60)))
    }

    @Test func aThrottledLeaderIsLeftAloneForItsThrottleTime() async throws {
        let brokers = try Brokers(CommitTimeCluster(commits: ["order-service": [0: 42]]))
        let cluster = brokers.cluster
        cluster.throttleNextFetch(ms: 60_000)
        let collector = brokers.collector(.init(readEvery: 1))
        defer { collector.close() }
        let first = try await poll(collector)
        #expect(lag(first)?.timePerPartition[0] == .behind(seconds: Self.seconds(first, since: 42), record: Self.record(at: 42)))
        cluster.commits = ["order-service": [0: 47]]
        let second = try await poll(collector)
        #expect(cluster.fetches.count == 1)
        #expect(lag(second)?.secondsUnknownReason == .notReadYet)
    }

    @Test func aSilentLeaderCostsThePollNoMoreThanTheTimeout() async throws {
        let brokers = try Brokers(CommitTimeCluster(commits: ["order-service": [0: 42]]))
        brokers.cluster.fetchSilently = true
        let collector = brokers.collector(.init(readEvery: 1, timeout: .milliseconds(300)), requestTimeout: .seconds(20))
        defer { collector.close() }
        let started = ContinuousClock.now
        let sample = try await poll(collector)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(lag(sample)?.timePerPartition[0] == .unknown(.noAnswerInTime))
        #expect(sample.problems == [])
    }

    @Test func aLeaderWithoutFetchAndTurningItOffAreSaid() async throws {
        let brokers = try Brokers(CommitTimeCluster(commits: ["order-service": [0: 42]]))
        brokers.cluster.offersFetch = false
        let collector = brokers.collector(.init(readEvery: 1))
        defer { collector.close() }
        #expect(lag(try await poll(collector))?.timePerPartition[0] == .unknown(.fetchUnavailable(broker: 0)))

        let off = try Brokers(CommitTimeCluster(commits: ["order-service": [0: 42]]))
        let never = off.collector(.off)
        defer { never.close() }
        let sample = try await poll(never)
        #expect(off.cluster.fetches.isEmpty)
        #expect(lag(sample)?.secondsUnknownReason == .notReadYet)
    }

    @Test func theCacheHoldsOnlyWhatGroupsAreBehindOn() async throws {
        let cluster = CommitTimeCluster(commits: ["order-service": [0: 42, 1: 42], "billing": [0: 42]])
        let brokers = try Brokers(cluster)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let client = KafkaClient(eventLoop: loop)
        defer { client.close() }
        let reader = KafkaCommitTimeReader(configuration: .init(readEvery: 1), loop: loop)
        let sampleReader = KafkaSampleReader(
            client: client, addressMap: KafkaAddressMap(explicit: [0: brokers.zero.endpoint, 1: brokers.one.endpoint]),
            knownGroups: [], commitTimes: reader)
        _ = try await sampleReader.read(bootstrap: [brokers.zero.endpoint], startedAt: Date()).get()
        #expect(try await loop.submit { reader.cachedCount }.get() == 3)
        cluster.commits = ["order-service": [0: 100]]
        let sample = try await sampleReader.read(bootstrap: [brokers.zero.endpoint], startedAt: Date()).get()
        #expect(try await loop.submit { reader.cachedCount }.get() == 0)
        #expect(sample.groups.map(\.commitTimes) == [[:]])
    }
}

@Suite("Kafka lag in time")
struct KafkaLagTimeTests {
    typealias TP = KafkaSample.TopicPartition
    static let now = Date(timeIntervalSince1970: 1_700_000_600)

    static func record(_ base: Int64, last: Int64, at seconds: Int64, type: KafkaTimestampType = .createTime) -> KafkaRecordTime {
        KafkaRecordTime(
            firstTimestamp: seconds * 1000, maxTimestamp: seconds * 1000 + 250, timestampType: type,
            batchBaseOffset: base, batchLastOffset: last)
    }

    static func sample(committed: [Int32: Int64], times: [Int32: KafkaCommitTime], low: Int64 = 0) -> KafkaSample {
        KafkaSample(
            takenAt: now, metadataFrom: Endpoint(host: "kafka-client", port: 9092), brokers: [],
            topics: [.init(name: "orders", partitions: (0..<3).map {
                .init(index: $0, leader: 0, replicas: [0], isr: [0], highWatermark: 100, lowWatermark: low)
            })],
            groups: [.init(
                id: "order-service", committed: Dictionary(uniqueKeysWithValues: committed.map { (TP("orders", $0.key), $0.value) }),
                commitTimes: Dictionary(uniqueKeysWithValues: times.map { (TP("orders", $0.key), $0.value) }))])
    }

    static func lag(_ sample: KafkaSample) -> KafkaHealth.Lag? { KafkaHealth(sample: sample).lag.first }

    @Test func theMostAnyPartitionIsBehindWhenAllAreKnown() {
        let times: [Int32: KafkaCommitTime] = [
            0: .init(committedOffset: 10, time: .known(Self.record(8, last: 12, at: 1_700_000_000)), readAt: Self.now),
            1: .init(committedOffset: 50, time: .known(Self.record(50, last: 50, at: 1_700_000_480, type: .logAppendTime)), readAt: Self.now),
        ]
        let lag = Self.lag(Self.sample(committed: [0: 10, 1: 50, 2: 100], times: times))
        #expect(lag?.timePerPartition == [
            0: .behind(seconds: 600, record: Self.record(8, last: 12, at: 1_700_000_000)),
            // Log-append time: the max timestamp, 250 ms after the first here.
            1: .behind(seconds: 119.75, record: Self.record(50, last: 50, at: 1_700_000_480, type: .logAppendTime)),
            2: .caughtUp,
        ])
        #expect(lag?.seconds == 600)
        #expect(lag?.secondsUnknownReason == nil)
    }

    @Test func oneUnknownPartitionMakesTheTopicUnknownWithItsReason() {
        let times: [Int32: KafkaCommitTime] = [
            0: .init(committedOffset: 10, time: .known(Self.record(8, last: 12, at: 1_700_000_000)), readAt: Self.now),
            1: .init(committedOffset: 50, time: .unknown(.oldMessageFormat(magic: 1)), readAt: Self.now),
            2: .init(committedOffset: 60, time: .unknown(.noTimestamp), readAt: Self.now),
        ]
        let lag = Self.lag(Self.sample(committed: [0: 10, 1: 50, 2: 60], times: times))
        #expect(lag?.timePerPartition[0]?.seconds == 600)
        #expect(lag?.seconds == nil)
        #expect(lag?.secondsUnknownReason == .oldMessageFormat(magic: 1))
    }

    @Test func aCommitThatMovedIsKnownOnlyWithinTheBatchRead() {
        let read = KafkaCommitTime(committedOffset: 10, time: .known(Self.record(8, last: 12, at: 1_700_000_000)), readAt: Self.now)
        #expect(Self.lag(Self.sample(committed: [0: 12], times: [0: read]))?.seconds == 600)
        #expect(Self.lag(Self.sample(committed: [0: 13], times: [0: read]))?.secondsUnknownReason == .notReadYet)
        // Before the offset read: not the same answer either.
        #expect(Self.lag(Self.sample(committed: [0: 9], times: [0: read]))?.secondsUnknownReason == .notReadYet)
        // A reason holds for the offset it was read for only.
        let refused = KafkaCommitTime(committedOffset: 10, time: .unknown(.brokerError(.notLeaderOrFollower)), readAt: Self.now)
        #expect(Self.lag(Self.sample(committed: [0: 10], times: [0: refused]))?.secondsUnknownReason == .brokerError(.notLeaderOrFollower))
        #expect(Self.lag(Self.sample(committed: [0: 11], times: [0: refused]))?.secondsUnknownReason == .notReadYet)
    }

    @Test func aCommitBelowTheLogStartWasDeletedWhateverWasRead() {
        let read = KafkaCommitTime(committedOffset: 10, time: .known(Self.record(8, last: 12, at: 1_700_000_000)), readAt: Self.now)
        let lag = Self.lag(Self.sample(committed: [0: 10], times: [0: read], low: 30))
        #expect(lag?.timePerPartition == [0: .unknown(.committedOffsetDeleted(logStartOffset: 30))])
    }

    @Test func aProducerClockAheadGivesANegativeLagNotAnInventedZero() {
        let ahead = KafkaCommitTime(committedOffset: 10, time: .known(Self.record(10, last: 10, at: 1_700_000_630)), readAt: Self.now)
        #expect(Self.lag(Self.sample(committed: [0: 10], times: [0: ahead]))?.seconds == -30)
    }

    @Test func groupsFromOlderRecordingsDecodeWithoutCommitTimes() throws {
        // A group as recordings wrote it before commit times (committed is a keyed array).
        let old = #"{"id":"order-service","state":"Stable","members":[],"committed":[{"topic":"orders","partition":0},42]}"#
        let group = try JSONDecoder().decode(KafkaSample.Group.self, from: Data(old.utf8))
        #expect(group == .init(id: "order-service", state: "Stable", committed: [TP("orders", 0): 42]))
        #expect(group.commitTimes == [:])
    }

    @Test func commitTimesSurviveARecording() throws {
        let reasons: [KafkaCommitTime.Reason] = [
            .committedOffsetDeleted(logStartOffset: 60), .oldMessageFormat(magic: 1), .noTimestamp, .timestampIsDeleteHorizon,
            .corruptBatch(.checksumMismatch(stored: 1, computed: 2)), .noRecordsReturned, .batchHeaderCut(availableBytes: 40),
            .brokerError(.notLeaderOrFollower), .requestFailed("kafka-0:9092 closed the connection"), .leaderUnknown,
            .leaderUnreachable(broker: 2), .fetchUnavailable(broker: 1), .noAnswerInTime, .notReadYet,
        ]
        var times: [TP: KafkaCommitTime] = [
            TP("orders", 99): .init(committedOffset: 7, time: .known(.init(
                firstTimestamp: 1, maxTimestamp: 2, timestampType: .logAppendTime, batchBaseOffset: 5, batchLastOffset: 9,
                compressionCodec: .zstd, isTransactional: true)), readAt: Self.now),
        ]
        for (index, reason) in reasons.enumerated() {
            times[TP("orders", Int32(index))] = .init(committedOffset: Int64(index), time: .unknown(reason), readAt: Self.now)
        }
        let group = KafkaSample.Group(id: "g", committed: [TP("orders", 0): 0], commitTimes: times)
        let decoded = try JSONDecoder().decode(KafkaSample.Group.self, from: JSONEncoder().encode(group))
        #expect(decoded == group)
    }
}
