import NIOCore

/// Reads high and low watermarks with ListOffsets, from each partition's leader
/// (any other broker answers NOT_LEADER_OR_FOLLOWER).
///
/// Latest and earliest go in separate requests because a broker refuses a
/// request that names one partition twice.
struct KafkaOffsetReader {
    let loop: EventLoop

    struct Read: Sendable {
        var topics: [KafkaSample.Topic]
        var problems: [String]
    }

    func read(_ topics: [KafkaSample.Topic], connections: [Int32: KafkaConnection]) -> EventLoopFuture<Read> {
        var byLeader: [Int32: [String: [Int32]]] = [:]
        for topic in topics {
            for partition in topic.partitions {
                guard let leader = partition.leader else { continue }
                byLeader[leader, default: [:]][topic.name, default: []].append(partition.index)
            }
        }
        let leaders = byLeader.keys.sorted()
        let answers = leaders.map { leader -> EventLoopFuture<LeaderAnswer> in
            guard let connection = connections[leader], let partitions = byLeader[leader] else {
                return loop.makeSucceededFuture(LeaderAnswer(leader: leader, latest: nil, earliest: nil, error: nil))
            }
            let latest = request(partitions, timestamp: ListOffsetsRequest.latestTimestamp, from: connection)
            let earliest = request(partitions, timestamp: ListOffsetsRequest.earliestTimestamp, from: connection)
            return latest.and(earliest).map { latest, earliest in
                switch (latest, earliest) {
                case (.success(let latest), .success(let earliest)):
                    LeaderAnswer(leader: leader, latest: latest, earliest: earliest, error: nil)
                case (.failure(let error), _), (_, .failure(let error)):
                    LeaderAnswer(leader: leader, latest: try? latest.get(), earliest: try? earliest.get(), error: error)
                }
            }
        }
        return EventLoopFuture.whenAllSucceed(answers, on: loop).map { answers in
            Self.apply(answers, to: topics, connections: connections)
        }
    }

    private struct LeaderAnswer: Sendable {
        var leader: Int32
        var latest: ListOffsetsResponse?
        var earliest: ListOffsetsResponse?
        var error: KafkaClientError?
    }

    private func request(_ partitions: [String: [Int32]], timestamp: Int64, from connection: KafkaConnection) -> EventLoopFuture<Result<ListOffsetsResponse, KafkaClientError>> {
        let request = ListOffsetsRequest(topics: partitions.keys.sorted().map { name in
            ListOffsetsRequest.Topic(name: name, partitions: (partitions[name] ?? []).map { .init(partitionIndex: $0, timestamp: timestamp) })
        })
        return KafkaSampleReader.settle(connection.send(request), api: "ListOffsets", at: connection.endpoint, on: loop)
    }

    private static func apply(_ answers: [LeaderAnswer], to topics: [KafkaSample.Topic], connections: [Int32: KafkaConnection]) -> Read {
        var topics = topics
        var problems: [String] = []
        var latest: [KafkaSample.TopicPartition: ListOffsetsResponse.Partition] = [:]
        var earliest: [KafkaSample.TopicPartition: ListOffsetsResponse.Partition] = [:]
        var leaderErrors: [Int32: String] = [:]
        for answer in answers {
            for topic in answer.latest?.topics ?? [] { for p in topic.partitions { latest[.init(topic.name, p.partitionIndex)] = p } }
            for topic in answer.earliest?.topics ?? [] { for p in topic.partitions { earliest[.init(topic.name, p.partitionIndex)] = p } }
            if let error = answer.error {
                leaderErrors[answer.leader] = error.description
                problems.append(error.description)
            }
        }
        for t in topics.indices {
            for p in topics[t].partitions.indices {
                let partition = topics[t].partitions[p]
                let key = KafkaSample.TopicPartition(topics[t].name, partition.index)
                guard let leader = partition.leader else {
                    topics[t].partitions[p].offsetsError = "\(key) has no leader, so its offsets cannot be read"
                    continue
                }
                if let high = latest[key] {
                    if high.errorCode.isNone { topics[t].partitions[p].highWatermark = high.offset }
                    else { topics[t].partitions[p].offsetsError = "leader \(leader) answered ListOffsets for \(key) with \(high.errorCode.name)" }
                }
                if let low = earliest[key], low.errorCode.isNone { topics[t].partitions[p].lowWatermark = low.offset }
                if latest[key] == nil, topics[t].partitions[p].offsetsError == nil {
                    topics[t].partitions[p].offsetsError = leaderErrors[leader]
                        ?? (connections[leader] == nil ? "leader \(leader) of \(key) is unreachable, so its offsets cannot be read" : "leader \(leader) did not report \(key)")
                }
            }
        }
        return Read(topics: topics, problems: problems)
    }
}
