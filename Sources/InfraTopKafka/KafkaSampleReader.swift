import Foundation
import NIOCore
import InfraTopBasics

/// Reads one ``KafkaSample`` through a ``KafkaClient``: Metadata from any
/// broker, then offsets from each partition's leader, settings, consumer
/// groups at their coordinators and reassignments at the controller, and
/// then, every few polls, the time of the records at committed offsets.
///
/// Everything after Metadata is best effort: a request that fails becomes a
/// sentence in the sample, and an API a broker lacks is listed as unavailable.
struct KafkaSampleReader {
    /// Topic settings read with DescribeConfigs.
    static let topicConfigKeys = ["min.insync.replicas", "unclean.leader.election.enable", "retention.ms"]
    /// Broker settings read with DescribeConfigs.
    static let brokerConfigKeys = ["default.replication.factor", "auto.create.topics.enable", "min.insync.replicas"]
    /// APIs whose absence is reported (the rest are needed for a sample at all).
    static let optionalAPIs: [KafkaAPIKey] = [.describeConfigs, .listGroups, .describeGroups, .describeCluster, .listPartitionReassignments]

    let client: KafkaClient
    var addressMap: KafkaAddressMap
    /// Groups to read even where ListGroups is unavailable.
    let knownGroups: [String]
    /// Reads the time of the records at committed offsets, every few polls; nil never does.
    var commitTimes: KafkaCommitTimeReader? = nil
    var loop: EventLoop { client.eventLoop }

    /// Reads a sample starting from `bootstrap`; fails only when no address answers Metadata.
    func read(bootstrap: [Endpoint], startedAt: Date, throughPods: @escaping @Sendable () -> Bool = { false }) -> EventLoopFuture<KafkaSample> {
        client.metadata(from: bootstrap).flatMap { answer in
            // Whether brokers are tunnelled to is known once the bootstrap connection is open.
            var reader = self
            reader.addressMap.throughPods = throughPods()
            return reader.read(answer, startedAt: startedAt)
        }
    }

    private func read(_ answer: KafkaMetadataAnswer, startedAt: Date) -> EventLoopFuture<KafkaSample> {
        let metadata = answer.metadata
        var sample = KafkaSample(
            takenAt: startedAt, metadataFrom: answer.from, clusterID: metadata.clusterID,
            controllerID: metadata.controllerID >= 0 ? metadata.controllerID : nil,
            brokers: metadata.brokers.map { broker in
                let advertised = Endpoint(host: broker.host, port: Int(broker.port))
                return KafkaSample.Broker(
                    id: broker.nodeID, advertised: advertised,
                    address: addressMap.address(forBroker: broker.nodeID, advertised: advertised),
                    rack: broker.rack, isController: broker.nodeID == metadata.controllerID,
                    pod: addressMap.podName(forBroker: broker.nodeID))
            }.sorted { $0.id < $1.id },
            topics: metadata.topics.compactMap(Self.topic).sorted { $0.name < $1.name })
        sample.problems = answer.errors.map(\.description) + Self.sharedAddresses(sample.brokers)
        return connectAll(sample).flatMap { sample, connections in
            readDetails(into: sample, connections: connections)
        }
    }

    /// Brokers that infratop can only reach at one address (all advertise `kafka-client:9092` and
    /// no address map says otherwise): whichever broker answers there answers for all of them.
    static func sharedAddresses(_ brokers: [KafkaSample.Broker]) -> [String] {
        Dictionary(grouping: brokers, by: \.address).filter { $0.value.count > 1 }
            .sorted { $0.key.description < $1.key.description }
            .map { address, brokers in
                let ids = brokers.map { String($0.id) }.sorted().joined(separator: ", ")
                return "brokers \(ids) are all reached at \(address), so a request meant for one may be answered by another: "
                    + "set a Kafka address template such as {pod}.kafka-headless.{namespace}.svc.cluster.local:9092"
            }
    }

    private static func topic(_ topic: MetadataResponse.Topic) -> KafkaSample.Topic? {
        guard let name = topic.name else { return nil }
        return KafkaSample.Topic(
            name: name, isInternal: topic.isInternal,
            partitions: topic.partitions.map { partition in
                KafkaSample.Partition(
                    index: partition.partitionIndex, leader: partition.leaderID >= 0 ? partition.leaderID : nil,
                    replicas: partition.replicaNodes, isr: partition.isrNodes, offlineReplicas: partition.offlineReplicas,
                    leaderEpoch: partition.leaderEpoch, error: partition.errorCode.isNone ? nil : partition.errorCode)
            }.sorted { $0.index < $1.index },
            error: topic.errorCode.isNone ? nil : topic.errorCode)
    }

    /// Connects to every broker at once; the ones that fail are marked unreachable with the reason.
    private func connectAll(_ sample: KafkaSample) -> EventLoopFuture<(KafkaSample, [Int32: KafkaConnection])> {
        let attempts = sample.brokers.map { broker in settle(client.connection(to: broker.address), api: "ApiVersions", at: broker.address) }
        return EventLoopFuture.whenAllSucceed(attempts, on: loop).map { results in
            var sample = sample
            var connections: [Int32: KafkaConnection] = [:]
            for (index, result) in results.enumerated() {
                switch result {
                case .success(let connection): connections[sample.brokers[index].id] = connection
                case .failure(let error): sample.brokers[index].unreachableReason = error.description
                }
            }
            return (sample, connections)
        }
    }

    private func readDetails(into sample: KafkaSample, connections: [Int32: KafkaConnection]) -> EventLoopFuture<KafkaSample> {
        var sample = sample
        let reachable = sample.brokers.compactMap { connections[$0.id] }
        for api in Self.optionalAPIs where !reachable.contains(where: { $0.supports(api) }) {
            let endpoints = reachable.isEmpty ? [sample.metadataFrom] : reachable.map(\.endpoint)
            sample.unavailable.append("\(api.name) is not available from " + (endpoints.count == 1
                ? "this broker (\(endpoints[0]))" : "these brokers (\(endpoints.map(\.description).joined(separator: ", ")))"))
        }
        let offsets = KafkaOffsetReader(loop: loop).read(sample.topics, connections: connections)
        let configs = readConfigs(sample, connections: connections)
        let groups = KafkaGroupReader(client: client, addressMap: addressMap, knownGroups: knownGroups)
            .read(sample, connections: connections)
        let reassignments = readReassignments(sample, connections: connections)
        let cluster = readClusterID(sample, connections: connections)
        let found = sample
        return offsets.and(configs).and(groups).and(reassignments).and(cluster).map { all in
            let ((((offsets, configs), groups), reassignments), clusterID) = all
            var sample = found
            sample.topics = offsets.topics
            sample.problems += offsets.problems + configs.problems + groups.problems + reassignments.problems
            for index in sample.topics.indices {
                sample.topics[index].configs = configs.topics[sample.topics[index].name] ?? [:]
            }
            sample.brokerConfigs = configs.brokers
            sample.groups = groups.groups
            sample.reassignments = reassignments.value
            if sample.clusterID == nil { sample.clusterID = clusterID }
            return sample
        }.flatMap { sample in
            // Needs both the high watermarks and the committed offsets just read.
            commitTimes?.read(sample, connections: connections) ?? loop.makeSucceededFuture(sample)
        }
    }

    private func readConfigs(_ sample: KafkaSample, connections: [Int32: KafkaConnection]) -> EventLoopFuture<KafkaConfigsRead> {
        // A broker answers for its own BROKER resource only, so each broker is asked for itself;
        // topic settings are the same everywhere and come from the first broker that has the API.
        let capable = sample.brokers.filter { connections[$0.id]?.supports(.describeConfigs) == true }
        let topicNames = sample.topics.filter { !$0.isInternal }.map(\.name)
        let requests = capable.enumerated().map { index, broker -> EventLoopFuture<Result<DescribeConfigsResponse, KafkaClientError>> in
            var resources = [DescribeConfigsRequest.Resource(
                resourceType: .broker, resourceName: String(broker.id), configurationKeys: Self.brokerConfigKeys)]
            if index == 0 {
                resources += topicNames.map { .init(resourceType: .topic, resourceName: $0, configurationKeys: Self.topicConfigKeys) }
            }
            // `capable` holds only brokers with a connection.
            guard let connection = connections[broker.id] else { return loop.makeSucceededFuture(.failure(.apiUnavailable(broker.address, api: "DescribeConfigs"))) }
            return settle(connection.send(DescribeConfigsRequest(resources: resources)), api: "DescribeConfigs", at: broker.address)
        }
        return EventLoopFuture.whenAllSucceed(requests, on: loop).map { results in
            var read = KafkaConfigsRead()
            for (index, result) in results.enumerated() {
                switch result {
                case .failure(let error): read.problems.append(error.description)
                case .success(let response):
                    for resource in response.results {
                        guard resource.errorCode.isNone else {
                            read.problems.append(KafkaClientError.brokerError(
                                capable[index].address, api: "DescribeConfigs for \(resource.resourceName)",
                                code: resource.errorCode, message: resource.errorMessage).description)
                            continue
                        }
                        var values: [String: String] = [:]
                        for config in resource.configs { if let value = config.value { values[config.name] = value } }
                        if resource.resourceType == .broker, let id = Int32(resource.resourceName) {
                            read.brokers[id] = values
                        } else if resource.resourceType == .topic {
                            read.topics[resource.resourceName] = values
                        }
                    }
                }
            }
            return read
        }
    }

    private func readReassignments(_ sample: KafkaSample, connections: [Int32: KafkaConnection]) -> EventLoopFuture<(value: [KafkaSample.Reassignment]?, problems: [String])> {
        // Only the controller answers; when it is unknown or unreachable there is nothing to say.
        guard let controller = sample.controllerID, let connection = connections[controller],
              connection.supports(.listPartitionReassignments)
        else { return loop.makeSucceededFuture((nil, [])) }
        return settle(connection.send(ListPartitionReassignmentsRequest()), api: "ListPartitionReassignments", at: connection.endpoint).map { result in
            switch result {
            case .failure(let error): return (nil, [error.description])
            case .success(let response):
                guard response.errorCode.isNone else {
                    return (nil, [KafkaClientError.brokerError(connection.endpoint, api: "ListPartitionReassignments", code: response.errorCode, message: response.errorMessage).description])
                }
                let moves = response.topics.flatMap { topic in
                    topic.partitions.map {
                        KafkaSample.Reassignment(
                            topicPartition: .init(topic.name, $0.partitionIndex), replicas: $0.replicas,
                            adding: $0.addingReplicas, removing: $0.removingReplicas)
                    }
                }
                return (moves, [])
            }
        }
    }

    /// The cluster id from DescribeCluster, for brokers whose Metadata version does not carry one.
    private func readClusterID(_ sample: KafkaSample, connections: [Int32: KafkaConnection]) -> EventLoopFuture<String?> {
        guard sample.clusterID == nil,
              let connection = sample.brokers.compactMap({ connections[$0.id] }).first(where: { $0.supports(.describeCluster) })
        else { return loop.makeSucceededFuture(nil) }
        return connection.send(DescribeClusterRequest()).map { Optional($0.clusterID) }.recover { _ in nil }
    }

    func settle<T: Sendable>(_ future: EventLoopFuture<T>, api: String, at endpoint: Endpoint) -> EventLoopFuture<Result<T, KafkaClientError>> {
        Self.settle(future, api: api, at: endpoint, on: loop, connectTimeout: client.configuration.connection.connectTimeout)
    }

    /// Turns a failure into a value, so one broker's error does not sink the others' answers.
    static func settle<T: Sendable>(
        _ future: EventLoopFuture<T>, api: String, at endpoint: Endpoint, on loop: EventLoop, connectTimeout: TimeAmount = .seconds(3)
    ) -> EventLoopFuture<Result<T, KafkaClientError>> {
        future.hop(to: loop)
            .map { Result<T, KafkaClientError>.success($0) }
            .recover { .failure(KafkaClientError.from($0, endpoint: endpoint, api: api, connectTimeout: connectTimeout)) }
    }
}

/// Topic and broker settings found by DescribeConfigs.
struct KafkaConfigsRead: Sendable {
    var topics: [String: [String: String]] = [:]
    var brokers: [Int32: [String: String]] = [:]
    var problems: [String] = []
}
