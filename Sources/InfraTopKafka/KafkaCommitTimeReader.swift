import Foundation
import NIOCore
import InfraTopBasics

/// Reads, every few polls, the time of the record at each consumer group's committed offset,
/// which is what turns lag in messages into lag in time: Kafka keeps no time for a commit.
///
/// For each group and partition whose committed offset C is below the high watermark, the
/// partition's leader is sent a Fetch at C with a small size limit, and the header of the first
/// data batch that ends at or after C gives the time (``KafkaRecordTime``), to batch precision.
/// Only the 61-byte header is read, so compressed batches cost no decompression.
///
/// The Fetch is a consumer's (replica id -1) outside any group and any fetch session: it moves
/// no offset and leaves no state on the broker. It reads uncommitted: up to the high watermark,
/// the bound lag in messages is measured against (ListOffsets asks for it the same way), so the
/// two lags describe the same records. Reading committed would stop at the last stable offset
/// and return nothing while a transaction stays open past C, which is when a group stuck behind
/// one most needs its lag in time shown; the record at C is then one of that transaction's,
/// whose time is still the time it was written.
///
/// What was read is kept per group and partition with the committed offset it was read for,
/// and is read again only when the group has committed elsewhere (beyond the batch found) or
/// the answer was one worth retrying, so a group that is stuck costs one Fetch, once. Entries
/// for partitions no group is behind on are dropped at every poll, which bounds the cache by the
/// sample. State lives on the collector's event loop, which serializes every access to it; that
/// is what makes the `@unchecked Sendable` true.
package final class KafkaCommitTimeReader: @unchecked Sendable {
    package struct Configuration: Sendable, Equatable {
        /// Read on the first poll and then on one poll in this many; 0 never reads.
        package var readEvery: Int
        /// The bytes asked for per partition: the batch header is 61 bytes, and a few more
        /// batches' worth lets transaction markers after the offset be stepped over. Kafka sends
        /// the first batch of each answer whole whatever this says (KIP-74).
        package var partitionMaxBytes: Int32
        /// At most this many partitions are asked for in one read; the rest wait for the next.
        package var maximumPartitionsPerRead: Int
        /// How long a poll waits for the Fetch answers before it goes on without them.
        package var timeout: TimeAmount

        package init(readEvery: Int = 5, partitionMaxBytes: Int32 = 2048, maximumPartitionsPerRead: Int = 512, timeout: TimeAmount = .seconds(2)) {
            self.readEvery = readEvery
            self.partitionMaxBytes = partitionMaxBytes
            self.maximumPartitionsPerRead = maximumPartitionsPerRead
            self.timeout = timeout
        }

        /// Never reads commit times.
        package static let off = Configuration(readEvery: 0)
    }

    /// One group's partition, the cache's key; the value holds the committed offset it was read for.
    struct Key: Hashable, Sendable {
        var group: String
        var topicPartition: KafkaSample.TopicPartition
    }

    /// One partition at one offset, as asked of a leader.
    private struct Target: Hashable, Sendable {
        var topicPartition: KafkaSample.TopicPartition
        var offset: Int64
    }

    let configuration: Configuration
    let loop: EventLoop
    // Confined to `loop`.
    private var polls = 0
    private var cache: [Key: KafkaCommitTime] = [:]
    /// Leaders that throttled a Fetch, and until when they are left alone (KIP-219: a broker
    /// answers at once and expects the client to wait out the throttle time).
    private var throttledUntil: [Int32: NIODeadline] = [:]

    init(configuration: Configuration, loop: EventLoop) {
        self.configuration = configuration
        self.loop = loop
    }

    /// The number of entries kept, for tests.
    var cachedCount: Int {
        loop.preconditionInEventLoop()
        return cache.count
    }

    /// `sample` with each group's ``KafkaSample/Group/commitTimes`` filled in: read afresh on
    /// a reading poll where needed, else as last read. Never fails; on the event loop.
    func read(_ sample: KafkaSample, connections: [Int32: KafkaConnection]) -> EventLoopFuture<KafkaSample> {
        loop.preconditionInEventLoop()
        guard configuration.readEvery > 0 else { return loop.makeSucceededFuture(sample) }
        polls += 1
        let isReading = (polls - 1) % configuration.readEvery == 0
        let behind = Self.behind(in: sample)
        cache = cache.filter { behind[$0.key] != nil }
        guard isReading else { return loop.makeSucceededFuture(attaching(to: sample)) }

        let stale = behind.filter { key, offset in
            guard let entry = cache[key] else { return true }
            if entry.recordTime(at: offset) != nil { return false }
            if entry.committedOffset == offset, case .unknown(let reason) = entry.time, reason.isLasting { return false }
            return true
        }
        // Never read first, then the longest unread; one read is bounded, the next takes the rest.
        let chosen = stale.sorted { lhs, rhs in
            let left = cache[lhs.key]?.readAt ?? .distantPast, right = cache[rhs.key]?.readAt ?? .distantPast
            return left != right ? left < right : (lhs.key.group, lhs.key.topicPartition) < (rhs.key.group, rhs.key.topicPartition)
        }.prefix(max(0, configuration.maximumPartitionsPerRead))
        var wanted: [Target: [Key]] = [:]
        for (key, offset) in chosen { wanted[Target(topicPartition: key.topicPartition, offset: offset), default: []].append(key) }

        let readAt = sample.takenAt
        let askers = wanted
        return fetch(Array(askers.keys), sample: sample, connections: connections).map { times in
            for (target, time) in times {
                for key in askers[target] ?? [] {
                    self.cache[key] = KafkaCommitTime(committedOffset: target.offset, time: time, readAt: readAt)
                }
            }
            return self.attaching(to: sample)
        }
    }

    /// Each group's partition that has records after its committed offset, with that offset.
    /// Offsets below the log start are left out: KafkaHealth says so from the watermarks alone.
    private static func behind(in sample: KafkaSample) -> [Key: Int64] {
        var partitions: [KafkaSample.TopicPartition: KafkaSample.Partition] = [:]
        for topic in sample.topics {
            for partition in topic.partitions { partitions[.init(topic.name, partition.index)] = partition }
        }
        var behind: [Key: Int64] = [:]
        for group in sample.groups {
            for (topicPartition, offset) in group.committed {
                guard let partition = partitions[topicPartition], let high = partition.highWatermark, offset < high,
                      offset >= (partition.lowWatermark ?? 0)
                else { continue }
                behind[Key(group: group.id, topicPartition: topicPartition)] = offset
            }
        }
        return behind
    }

    private func attaching(to sample: KafkaSample) -> KafkaSample {
        var sample = sample
        for index in sample.groups.indices {
            var times: [KafkaSample.TopicPartition: KafkaCommitTime] = [:]
            for topicPartition in sample.groups[index].committed.keys {
                if let entry = cache[Key(group: sample.groups[index].id, topicPartition: topicPartition)] {
                    times[topicPartition] = entry
                }
            }
            sample.groups[index].commitTimes = times
        }
        return sample
    }

    /// Asks each target's leader, at most one offset per partition per request (a broker keeps
    /// one entry per partition), and gives every target an answer.
    private func fetch(
        _ targets: [Target], sample: KafkaSample, connections: [Int32: KafkaConnection]
    ) -> EventLoopFuture<[Target: KafkaCommitTime.Time]> {
        var leaders: [KafkaSample.TopicPartition: Int32] = [:]
        for topic in sample.topics {
            for partition in topic.partitions {
                if let leader = partition.leader { leaders[.init(topic.name, partition.index)] = leader }
            }
        }
        var answered: [Target: KafkaCommitTime.Time] = [:]
        var byLeader: [Int32: [Target]] = [:]
        let now = NIODeadline.now()
        throttledUntil = throttledUntil.filter { $0.value > now }
        for target in targets {
            guard let leader = leaders[target.topicPartition] else {
                answered[target] = .unknown(.leaderUnknown)
                continue
            }
            guard let connection = connections[leader] else {
                answered[target] = .unknown(.leaderUnreachable(broker: leader))
                continue
            }
            guard connection.supports(.fetch) else {
                answered[target] = .unknown(.fetchUnavailable(broker: leader))
                continue
            }
            // A throttled leader is not asked; what was read before stands until the next read.
            guard throttledUntil[leader] == nil else { continue }
            byLeader[leader, default: []].append(target)
        }
        var requests: [EventLoopFuture<[Target: KafkaCommitTime.Time]>] = []
        let deadline = NIODeadline.now() + configuration.timeout
        for leader in byLeader.keys.sorted() {
            guard let connection = connections[leader], let targets = byLeader[leader] else { continue }
            for round in Self.rounds(targets) {
                requests.append(ask(connection, leader: leader, for: round, deadline: deadline))
            }
        }
        let known = answered
        return EventLoopFuture.whenAllSucceed(requests, on: loop).map { answers in
            answers.reduce(into: known) { all, answer in all.merge(answer) { first, _ in first } }
        }
    }

    /// Splits targets into requests that name each partition once: the first holds the lowest
    /// offset asked of each partition, the next the second lowest, and so on.
    private static func rounds(_ targets: [Target]) -> [[Target]] {
        let byPartition = Dictionary(grouping: targets, by: \.topicPartition)
        var rounds: [[Target]] = []
        for partition in byPartition.keys.sorted() {
            let offsets = (byPartition[partition] ?? []).sorted { $0.offset < $1.offset }
            for (index, target) in offsets.enumerated() {
                if rounds.count <= index { rounds.append([]) }
                rounds[index].append(target)
            }
        }
        return rounds
    }

    private func ask(
        _ connection: KafkaConnection, leader: Int32, for targets: [Target], deadline: NIODeadline
    ) -> EventLoopFuture<[Target: KafkaCommitTime.Time]> {
        let partitionMaxBytes = max(Int32(KafkaRecordBatchHeader.size), configuration.partitionMaxBytes)
        let byTopic = Dictionary(grouping: targets, by: \.topicPartition.topic)
        let request = FetchRequest(
            maxWaitMs: 0, minBytes: 1,
            // Room for every partition's share; the answer's first batch may still exceed it.
            maxBytes: Int32(clamping: Int64(partitionMaxBytes) * Int64(targets.count)),
            isolationLevel: .readUncommitted,
            topics: byTopic.keys.sorted().map { topic in
                FetchRequest.Topic(name: topic, partitions: (byTopic[topic] ?? []).map {
                    .init(partitionIndex: $0.topicPartition.partition, fetchOffset: $0.offset, partitionMaxBytes: partitionMaxBytes)
                })
            })
        let promise = loop.makePromise(of: [Target: KafkaCommitTime.Time].self)
        let timeout = loop.scheduleTask(deadline: deadline) {
            promise.succeed(Dictionary(uniqueKeysWithValues: targets.map { ($0, .unknown(.noAnswerInTime)) }))
        }
        KafkaSampleReader.settle(connection.send(request), api: "Fetch", at: connection.endpoint, on: loop).whenSuccess { result in
            timeout.cancel()
            if case .success(let response) = result, response.throttleTimeMs > 0 {
                self.throttledUntil[leader] = .now() + .milliseconds(Int64(response.throttleTimeMs))
            }
            // A second completion (after the timeout) is ignored by the promise.
            promise.succeed(Self.times(for: targets, from: result))
        }
        return promise.futureResult
    }

    /// Each target's time from one Fetch answer, or the request's failure for all of them.
    private static func times(for targets: [Target], from result: Result<FetchResponse, KafkaClientError>) -> [Target: KafkaCommitTime.Time] {
        var times: [Target: KafkaCommitTime.Time] = [:]
        switch result {
        case .failure(let error):
            for target in targets { times[target] = .unknown(.requestFailed(error.description)) }
        case .success(let response):
            var partitions: [KafkaSample.TopicPartition: FetchResponse.Partition] = [:]
            for topic in response.topics {
                for partition in topic.partitions { partitions[.init(topic.name, partition.partitionIndex)] = partition }
            }
            for target in targets {
                if !response.errorCode.isNone {
                    times[target] = .unknown(.brokerError(response.errorCode))
                } else if let partition = partitions[target.topicPartition] {
                    times[target] = recordTime(at: target.offset, in: partition)
                } else {
                    times[target] = .unknown(.noRecordsReturned)
                }
            }
        }
        return times
    }

    /// The time of the record at `offset` from one partition of a Fetch answer at that offset:
    /// the first data batch ending at or after it. The first batch may start before the offset;
    /// batches before it, transaction markers and batches the cleaner emptied are stepped over.
    static func recordTime(at offset: Int64, in partition: FetchResponse.Partition) -> KafkaCommitTime.Time {
        if partition.errorCode == .offsetOutOfRange, partition.logStartOffset < 0 || offset < partition.logStartOffset {
            return .unknown(.committedOffsetDeleted(logStartOffset: partition.logStartOffset))
        }
        guard partition.errorCode.isNone else { return .unknown(.brokerError(partition.errorCode)) }
        guard let records = partition.records else { return .unknown(.noRecordsReturned) }
        for step in KafkaRecordBatchScanner(records: records) {
            switch step {
            case .complete(let header), .cut(let header, _):
                guard header.lastOffset >= offset, !header.attributes.isControl, header.recordCount > 0 else { continue }
                return KafkaCommitTime.Time(batch: header)
            case .headerCut(let available):
                return .unknown(.batchHeaderCut(availableBytes: available))
            case .oldMessageFormat(let magic):
                return .unknown(.oldMessageFormat(magic: magic))
            case .malformed(let error):
                return .unknown(.corruptBatch(error))
            }
        }
        return .unknown(.noRecordsReturned)
    }
}
