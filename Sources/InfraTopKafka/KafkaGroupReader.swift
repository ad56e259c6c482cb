import NIOCore

/// Reads consumer groups: which exist (ListGroups on every broker, since each
/// lists only the groups it coordinates, plus the groups configured by name),
/// then each group's state and committed offsets from its coordinator.
struct KafkaGroupReader {
    let client: KafkaClient
    let addressMap: KafkaAddressMap
    let knownGroups: [String]
    var loop: EventLoop { client.eventLoop }

    struct Read: Sendable {
        var groups: [KafkaSample.Group]
        var problems: [String]
    }

    func read(_ sample: KafkaSample, connections: [Int32: KafkaConnection]) -> EventLoopFuture<Read> {
        let listers = sample.brokers.compactMap { connections[$0.id] }.filter { $0.supports(.listGroups) }
        let lists = listers.map { connection in
            KafkaSampleReader.settle(connection.send(ListGroupsRequest()), api: "ListGroups", at: connection.endpoint, on: loop)
        }
        return EventLoopFuture.whenAllSucceed(lists, on: loop).flatMap { results in
            var problems: [String] = []
            var found: [String: ListGroupsResponse.Group] = [:]
            for (index, result) in results.enumerated() {
                switch result {
                case .failure(let error): problems.append(error.description)
                case .success(let response) where !response.errorCode.isNone:
                    problems.append(KafkaClientError.brokerError(listers[index].endpoint, api: "ListGroups", code: response.errorCode, message: nil).description)
                case .success(let response):
                    for group in response.groups { found[group.groupID] = group }
                }
            }
            let ids = Set(found.keys).union(knownGroups).sorted()
            let reads = ids.map { id in readGroup(id, listed: found[id], sample: sample, connections: connections) }
            let listProblems = problems
            return EventLoopFuture.whenAllSucceed(reads, on: loop).map { Read(groups: $0, problems: listProblems) }
        }
    }

    private func readGroup(
        _ id: String, listed: ListGroupsResponse.Group?, sample: KafkaSample, connections: [Int32: KafkaConnection]
    ) -> EventLoopFuture<KafkaSample.Group> {
        let base = KafkaSample.Group(
            id: id, state: listed.flatMap { $0.groupState.isEmpty ? nil : $0.groupState }, protocolType: listed?.protocolType)
        guard let finder = sample.brokers.compactMap({ connections[$0.id] }).first(where: { $0.supports(.findCoordinator) }) else {
            var group = base
            group.error = "no reachable broker offers FindCoordinator, so group \(id) cannot be read"
            return loop.makeSucceededFuture(group)
        }
        return KafkaSampleReader.settle(
            finder.send(FindCoordinatorRequest(keyType: .group, keys: [id])), api: "FindCoordinator", at: finder.endpoint, on: loop
        ).flatMap { result in
            var group = base
            let coordinatorID: Int32
            switch result {
            case .failure(let error):
                group.error = error.description
                return loop.makeSucceededFuture(group)
            case .success(let response):
                guard let found = response.coordinators.first else {
                    group.error = "\(finder.endpoint) answered FindCoordinator for group \(id) with no coordinator"
                    return loop.makeSucceededFuture(group)
                }
                guard found.errorCode.isNone else {
                    group.error = KafkaClientError.brokerError(finder.endpoint, api: "FindCoordinator for group \(id)", code: found.errorCode, message: found.errorMessage).description
                    return loop.makeSucceededFuture(group)
                }
                coordinatorID = found.nodeID
            }
            group.coordinator = coordinatorID
            guard let coordinator = connections[coordinatorID] else {
                let reason = sample.broker(coordinatorID)?.unreachableReason ?? "it is not in the cluster's broker list"
                group.error = "group \(id)'s coordinator, broker \(coordinatorID), cannot be reached: \(reason)"
                return loop.makeSucceededFuture(group)
            }
            let found = group
            return describe(found, at: coordinator).and(committed(id, at: coordinator, topics: sample.topics)).map { described, committed in
                var group = described
                switch committed {
                case .success(let offsets): group.committed = offsets
                case .failure(let error): group.error = [group.error, error.description].compactMap { $0 }.joined(separator: "; ")
                }
                return group
            }
        }
    }

    private func describe(_ group: KafkaSample.Group, at coordinator: KafkaConnection) -> EventLoopFuture<KafkaSample.Group> {
        guard coordinator.supports(.describeGroups) else { return loop.makeSucceededFuture(group) }
        return KafkaSampleReader.settle(
            coordinator.send(DescribeGroupsRequest(groupIDs: [group.id])), api: "DescribeGroups", at: coordinator.endpoint, on: loop
        ).map { result in
            var group = group
            switch result {
            case .failure(let error): group.error = error.description
            case .success(let response):
                guard let described = response.groups.first(where: { $0.groupID == group.id }) ?? response.groups.first else { break }
                guard described.errorCode.isNone else {
                    group.error = KafkaClientError.brokerError(coordinator.endpoint, api: "DescribeGroups for \(group.id)", code: described.errorCode, message: nil).description
                    break
                }
                group.state = described.groupState
                group.protocolType = described.protocolType
                group.members = described.members.map { .init(memberID: $0.memberID, clientID: $0.clientID, clientHost: $0.clientHost) }
            }
            return group
        }
    }

    private func committed(
        _ id: String, at coordinator: KafkaConnection, topics: [KafkaSample.Topic]
    ) -> EventLoopFuture<Result<[KafkaSample.TopicPartition: Int64], KafkaClientError>> {
        // Partitions are named rather than asking for "all" with a null list (v2+): every broker
        // answers that the same way, while some (librdkafka's mock) answer null with a null array.
        let named = topics.filter { !$0.isInternal }.map { OffsetFetchRequest.Topic(name: $0.name, partitionIndexes: $0.partitions.map(\.index)) }
        let request = OffsetFetchRequest(groups: [.init(groupID: id, topics: named)])
        return KafkaSampleReader.settle(coordinator.send(request), api: "OffsetFetch", at: coordinator.endpoint, on: loop).map { result in
            result.flatMap { response in
                var offsets: [KafkaSample.TopicPartition: Int64] = [:]
                for group in response.groups {
                    guard group.errorCode.isNone else {
                        return .failure(.brokerError(coordinator.endpoint, api: "OffsetFetch for group \(id)", code: group.errorCode, message: nil))
                    }
                    for topic in group.topics {
                        for partition in topic.partitions where partition.errorCode.isNone && partition.committedOffset >= 0 {
                            offsets[.init(topic.name, partition.partitionIndex)] = partition.committedOffset
                        }
                    }
                }
                return .success(offsets)
            }
        }
    }
}
