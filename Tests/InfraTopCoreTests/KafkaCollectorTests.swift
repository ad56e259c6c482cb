import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKafka

/// The collector against two scripted brokers speaking today's versions
/// (flexible Metadata v13, ListOffsets v7, OffsetFetch v8...) and the admin
/// APIs librdkafka's mock lacks. Each broker answers only what it is the right
/// broker for, so a request routed to the wrong one shows up as an error.
@Suite("Kafka collector routing", .serialized)
struct KafkaCollectorTests {
    static let advertised = Endpoint(host: "kafka-client", port: 9092)
    /// When the batch holding orders-0's committed offset 90 was written.
    static let batchTime: Int64 = 1_700_000_000_000

    static func metadata(advertising address: Endpoint = advertised) -> MetadataResponse {
        MetadataResponse(
            brokers: [
                .init(nodeID: 0, host: address.host, port: Int32(address.port), rack: "a"),
                .init(nodeID: 1, host: address.host, port: Int32(address.port)),
            ],
            clusterID: "saga", controllerID: 1,
            topics: [.init(name: "orders", partitions: [
                .init(partitionIndex: 0, leaderID: 0, leaderEpoch: 4, replicaNodes: [0, 1], isrNodes: [0]),
                .init(partitionIndex: 1, leaderID: 1, leaderEpoch: 2, replicaNodes: [1, 0], isrNodes: [1, 0]),
            ])])
    }

    /// One broker's answers. `apis` leaves DescribeCluster out, so its absence is reported.
    static func script(node: Int32, advertising address: @escaping @Sendable () -> Endpoint = { advertised }) -> KafkaScriptedBroker.Script {
        { request in
            let id = request.correlationID
            func reply<R: KafkaResponse>(_ response: R) -> KafkaScriptedBroker.Reply {
                .bytes(try! KafkaEnvelope.encodeResponse(response, version: request.version, correlationID: id))
            }
            switch request.apiKey {
            case .apiVersions:
                return kafkaApiVersionsReply(request, apis: kafkaModernAPIs.filter { $0.apiKey != .describeCluster })
            case .metadata:
                return reply(metadata(advertising: address()))
            case .listOffsets:
                let asked = try! KafkaEnvelope.decodeRequest(ListOffsetsRequest.self, frame: request.frame).request
                return reply(ListOffsetsResponse(topics: asked.topics.map { topic in
                    .init(name: topic.name, partitions: topic.partitions.map { partition in
                        let leads = partition.partitionIndex == node
                        let offset: Int64 = partition.timestamp == ListOffsetsRequest.latestTimestamp ? 100 + Int64(partition.partitionIndex) : 10
                        return .init(partitionIndex: partition.partitionIndex, errorCode: leads ? .none : .notLeaderOrFollower, offset: leads ? offset : -1)
                    })
                }))
            case .describeConfigs:
                let asked = try! KafkaEnvelope.decodeRequest(DescribeConfigsRequest.self, frame: request.frame).request
                return reply(DescribeConfigsResponse(results: asked.resources.map { resource in
                    if resource.resourceType == .broker {
                        guard resource.resourceName == String(node) else {
                            return .init(errorCode: .invalidRequest, errorMessage: "wrong broker", resourceType: .broker, resourceName: resource.resourceName, configs: [])
                        }
                        return .init(resourceType: .broker, resourceName: resource.resourceName, configs: [
                            .init(name: "default.replication.factor", value: "3"), .init(name: "auto.create.topics.enable", value: "false"),
                        ])
                    }
                    return .init(resourceType: .topic, resourceName: resource.resourceName, configs: [
                        .init(name: "min.insync.replicas", value: "2"), .init(name: "unclean.leader.election.enable", value: "false"),
                        .init(name: "retention.ms", value: "604800000"),
                    ])
                }))
            case .listGroups:
                return reply(ListGroupsResponse(groups: node == 1 ? [.init(groupID: "order-service", protocolType: "consumer", groupState: "Stable")] : []))
            case .findCoordinator:
                // The coordinator's advertised address is the shared one: it must be routed by node id.
                return reply(FindCoordinatorResponse(coordinators: [.init(key: "order-service", nodeID: 1, host: "kafka-client", port: 9092)]))
            case .describeGroups:
                return reply(DescribeGroupsResponse(groups: [node == 1
                    ? .init(groupID: "order-service", groupState: "Stable", protocolType: "consumer", protocolData: "range",
                            members: [.init(memberID: "m-1", clientID: "order-service", clientHost: "/10.0.0.7")])
                    : .init(errorCode: .notCoordinator, groupID: "order-service", groupState: "", protocolType: "", protocolData: "", members: [])]))
            case .offsetFetch:
                guard node == 1 else { return reply(OffsetFetchResponse(groups: [.init(groupID: "order-service", topics: [], errorCode: .notCoordinator)])) }
                return reply(OffsetFetchResponse(groups: [.init(groupID: "order-service", topics: [.init(name: "orders", partitions: [
                    .init(partitionIndex: 0, committedOffset: 90), .init(partitionIndex: 1, committedOffset: 101),
                ])])]))
            case .fetch:
                // The leader sends the batch holding the offset (it starts before it); another
                // broker refuses, so a Fetch routed to the wrong broker shows.
                let asked = try! KafkaEnvelope.decodeRequest(FetchRequest.self, frame: request.frame).request
                return reply(FetchResponse(topics: asked.topics.map { topic in
                    .init(name: topic.name, partitions: topic.partitions.map { partition in
                        guard partition.partitionIndex == node else {
                            return .init(partitionIndex: partition.partitionIndex, errorCode: .notLeaderOrFollower, highWatermark: -1, records: nil)
                        }
                        return .init(partitionIndex: partition.partitionIndex, highWatermark: 100, records: kafkaBuffer(
                            kafkaRecordBatch(baseOffset: 88, lastOffsetDelta: 4, firstTimestamp: batchTime, maxTimestamp: batchTime + 40)))
                    })
                }))
            case .listPartitionReassignments:
                guard node == 1 else { return reply(ListPartitionReassignmentsResponse(errorCode: KafkaErrorCode(41), topics: [])) }
                return reply(ListPartitionReassignmentsResponse(topics: [.init(name: "orders", partitions: [
                    .init(partitionIndex: 1, replicas: [1, 0, 2], addingReplicas: [2], removingReplicas: []),
                ])]))
            default:
                return .silence
            }
        }
    }

    func poll(_ collector: KafkaCollector) async -> Result<KafkaSample, CollectorError> {
        await withCheckedContinuation { continuation in collector.poll { continuation.resume(returning: $0) } }
    }

    @Test func routesEveryRequestToTheRightBrokerThroughTheAddressMap() async throws {
        let zero = try KafkaScriptedBroker(script: Self.script(node: 0))
        let one = try KafkaScriptedBroker(script: Self.script(node: 1))
        defer { zero.stop(); one.stop() }
        let collector = KafkaCollector(configuration: .init(
            bootstrap: [zero.endpoint], addressMap: KafkaAddressMap(explicit: [0: zero.endpoint, 1: one.endpoint]),
            client: .init(connection: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(2)))))
        defer { collector.close() }
        let sample = try await poll(collector).get()

        #expect(sample.problems == [])
        #expect(sample.unavailable == ["DescribeCluster is not available from these brokers (\(zero.endpoint), \(one.endpoint))"])
        #expect(sample.clusterID == "saga")
        #expect(sample.controllerID == 1)
        #expect(sample.brokers == [
            // Broker id = ordinal by default: broker 1 runs in kafka-1.
            .init(id: 0, advertised: Self.advertised, address: zero.endpoint, rack: "a", pod: "kafka-0"),
            .init(id: 1, advertised: Self.advertised, address: one.endpoint, isController: true, pod: "kafka-1"),
        ])
        let orders = try #require(sample.topic("orders"))
        #expect(orders.partitions.map(\.highWatermark) == [100, 101])
        #expect(orders.partitions.map(\.lowWatermark) == [10, 10])
        #expect(orders.partitions.map(\.leaderEpoch) == [4, 2])
        #expect(orders.configs == ["min.insync.replicas": "2", "unclean.leader.election.enable": "false", "retention.ms": "604800000"])
        #expect(sample.brokerConfigs == [
            0: ["default.replication.factor": "3", "auto.create.topics.enable": "false"],
            1: ["default.replication.factor": "3", "auto.create.topics.enable": "false"],
        ])
        #expect(sample.groups.map { group -> KafkaSample.Group in var group = group; group.commitTimes = [:]; return group } == [.init(
            id: "order-service", state: "Stable", protocolType: "consumer", coordinator: 1,
            members: [.init(memberID: "m-1", clientID: "order-service", clientHost: "/10.0.0.7")],
            committed: [.init("orders", 0): 90, .init("orders", 1): 101])])
        #expect(sample.reassignments == [.init(topicPartition: .init("orders", 1), replicas: [1, 0, 2], adding: [2], removing: [])])

        let health = KafkaHealth(sample: sample, expectations: .init(minInsyncReplicas: 2, brokerCount: 3))
        #expect(health.sharedAdvertisements.map(\.description) == ["brokers 0 and 1 both advertise kafka-client:9092: clients can't reach a chosen leader"])
        #expect(health.underMinISR == [.init("orders", 0)])
        #expect(health.atMinISR == [.init("orders", 1)])
        // orders-0's commit, 90, is in the batch 88–92 that leader 0 sent; orders-1 is caught up.
        let record = KafkaRecordTime(
            firstTimestamp: Self.batchTime, maxTimestamp: Self.batchTime + 40, timestampType: .createTime, batchBaseOffset: 88, batchLastOffset: 92)
        #expect(sample.group("order-service")?.commitTimes == [.init("orders", 0): .init(committedOffset: 90, time: .known(record), readAt: sample.takenAt)])
        let seconds = sample.takenAt.timeIntervalSince1970 - Double(Self.batchTime) / 1000
        #expect(health.lag == [.init(
            group: "order-service", topic: "orders", messages: 10, perPartition: [0: 10, 1: 0],
            timePerPartition: [0: .behind(seconds: seconds, record: record), 1: .caughtUp])])
        #expect(health.lag.first?.seconds == seconds)
        #expect(health.lag.first?.secondsUnknownReason == nil)
        #expect(health.missingBrokers == 1)
    }

    @Test func brokersReachedAtOneAddressAreAProblemAndTheirAnswersShowWhy() async throws {
        // As in e-commerce-saga without an address map: every broker advertises the one address
        // that reaches (here) broker 0, so requests for broker 1's partitions land on broker 0.
        let port = PortBox()
        let zero = try KafkaScriptedBroker(script: Self.script(node: 0) { Endpoint(host: "127.0.0.1", port: port.value) })
        defer { zero.stop() }
        port.value = zero.endpoint.port
        let collector = KafkaCollector(configuration: .init(
            bootstrap: [zero.endpoint], client: .init(connection: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(2)))))
        defer { collector.close() }
        let sample = try await poll(collector).get()
        #expect(sample.problems.contains(
            "brokers 0, 1 are all reached at \(zero.endpoint), so a request meant for one may be answered by another: "
                + "set a Kafka address template such as {pod}.kafka-headless.{namespace}.svc.cluster.local:9092"))
        let partitions = try #require(sample.topic("orders")?.partitions)
        #expect(partitions[0].highWatermark == 100)
        #expect(partitions[1].offsetsError == "leader 1 answered ListOffsets for orders-1 with NOT_LEADER_OR_FOLLOWER")
        #expect(KafkaHealth(sample: sample).sharedAdvertisements == [.init(endpoint: zero.endpoint, brokers: [0, 1])])
    }

    @Test func reusesConnectionsAcrossPollsAndFallsBackToKnownBrokers() async throws {
        let handshakes = HeldRequests()
        let counting: (Int32) -> KafkaScriptedBroker.Script = { node in
            let script = Self.script(node: node)
            return { request in
                if request.apiKey == .apiVersions { _ = handshakes.swap(request) }
                return script(request)
            }
        }
        let zero = try KafkaScriptedBroker(script: counting(0))
        let one = try KafkaScriptedBroker(script: counting(1))
        // A bootstrap address that is not a broker of its own, like the kafka-client Service.
        let service = try KafkaScriptedBroker(script: counting(0))
        defer { zero.stop(); one.stop() }
        let collector = KafkaCollector(configuration: .init(
            bootstrap: [service.endpoint], addressMap: KafkaAddressMap(explicit: [0: zero.endpoint, 1: one.endpoint]),
            client: .init(connection: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(2)))))
        defer { collector.close() }
        _ = try await poll(collector).get()
        _ = try await poll(collector).get()
        // One handshake per address (service, broker 0, broker 1), however many polls.
        #expect(handshakes.versions.count == 3)

        let serviceEndpoint = service.endpoint
        service.stop()
        let sample = try await poll(collector).get()
        #expect(sample.metadataFrom == zero.endpoint)
        // Refused, closed, or (on a loaded machine) timed out, depending on how far the stop had got:
        // whichever it is, the sentence names the address that failed.
        let reason = try #require(sample.problems.first)
        #expect(reason.hasPrefix(serviceEndpoint.description) || reason.contains(" \(serviceEndpoint.description)"), "\(reason)")
    }

    @Test func anUnreachableBrokerIsAFactAndItsPartitionsSayWhy() async throws {
        let zero = try KafkaScriptedBroker(script: Self.script(node: 0))
        // Port 1 on loopback: nobody listens there. A port just released by a stopped broker can be
        // taken at once by another test's broker running in parallel.
        let goneEndpoint = Endpoint(host: "127.0.0.1", port: 1)
        defer { zero.stop() }
        let collector = KafkaCollector(configuration: .init(
            bootstrap: [goneEndpoint, zero.endpoint], addressMap: KafkaAddressMap(explicit: [0: zero.endpoint, 1: goneEndpoint]),
            client: .init(connection: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(2)))))
        defer { collector.close() }
        let sample = try await poll(collector).get()
        #expect(sample.metadataFrom == zero.endpoint)
        let refused = "\(goneEndpoint) refused the connection: is a Kafka broker listening on port \(goneEndpoint.port)?"
        // The failed bootstrap address is a problem; the broker behind it is unreachable, with the reason.
        #expect(sample.problems.contains(refused))
        #expect(sample.broker(1)?.unreachableReason?.hasPrefix(refused) == true)
        #expect(sample.broker(0)?.isReachable == true)
        let partitions = try #require(sample.topic("orders")?.partitions)
        #expect(partitions[0].highWatermark == 100)
        #expect(partitions[1].offsetsError == "leader 1 of orders-1 is unreachable, so its offsets cannot be read")
        #expect(sample.groups.isEmpty)  // Only broker 1 lists the group, and it is down.
        #expect(sample.reassignments == nil)  // The controller is down.
    }

    @Test func thePollFailsWithEveryReasonWhenNoBootstrapBrokerAnswers() async throws {
        let silent = try KafkaScriptedBroker { _ in .silence }
        defer { silent.stop() }
        let collector = KafkaCollector(configuration: .init(
            bootstrap: [silent.endpoint],
            client: .init(connection: .init(connectTimeout: .seconds(1), requestTimeout: .milliseconds(200)))))
        defer { collector.close() }
        let result = await poll(collector)
        #expect(result == .failure(CollectorError(
            "no Kafka bootstrap broker answered: \(silent.endpoint) did not answer ApiVersions within 0.2 s: the broker may be overloaded or stuck")))
    }

    @Test func aStuckPollEndsAtThePollTimeout() async throws {
        let silent = try KafkaScriptedBroker { _ in .silence }
        defer { silent.stop() }
        let collector = KafkaCollector(configuration: .init(
            bootstrap: [silent.endpoint],
            client: .init(connection: .init(connectTimeout: .seconds(1), requestTimeout: .seconds(30))), pollTimeout: .milliseconds(300)))
        defer { collector.close() }
        let started = ContinuousClock.now
        let result = await poll(collector)
        #expect(result == .failure(CollectorError("Kafka did not finish answering within 0.3 s: a broker may be overloaded or stuck")))
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}

/// A port learnt after the broker that must advertise it has started.
final class PortBox: @unchecked Sendable {
    private let lock = NIOLock()
    private var port = 0
    var value: Int {
        get { lock.withLock { port } }
        set { lock.withLock { port = newValue } }
    }
}

@Suite("Kafka client backoff")
struct KafkaClientBackoffTests {
    @Test func doublesFromTheMinimumUpToTheMaximum() {
        let client = KafkaClient(
            configuration: .init(minimumBackoff: .seconds(1), maximumBackoff: .seconds(30)),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        #expect((1...7).map { client.backoff(afterFailures: $0) } == [1, 2, 4, 8, 16, 30, 30].map { TimeAmount.seconds($0) })
    }

    @Test func aBrokerThatFailedIsNotRetriedUntilTheBackoffEnds() throws {
        let endpoint = Endpoint(host: "127.0.0.1", port: 1)  // nobody listens there
        let client = KafkaClient(
            configuration: .init(connection: .init(connectTimeout: .seconds(1)), minimumBackoff: .seconds(60), maximumBackoff: .seconds(120)),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        #expect(throws: KafkaClientError.connectionRefused(endpoint)) { try client.connection(to: endpoint).wait() }
        let error = #expect(throws: KafkaClientError.self) { try client.connection(to: endpoint).wait() }
        guard case .backingOff(let last, let seconds)? = error else {
            Issue.record("expected backingOff, got \(String(describing: error))")
            return
        }
        #expect(last == .connectionRefused(endpoint))
        #expect(seconds > 50 && seconds <= 60)
        #expect(error?.isUnreachable == true)
        #expect(error?.description.hasPrefix(KafkaClientError.connectionRefused(endpoint).description + " (retrying in ") == true)
    }
}
