import NIOCore

/// Reads Kafka's registrations (brokers, controller, topic assignments) through a ZooKeeper session.
///
/// A znode that does not exist is data, not a failure: no `/brokers/ids` means no broker is
/// registered, no `/controller` means no controller is elected. Such facts come back as notes
/// alongside the registrations; only a broken session fails the read.
package struct KafkaRegistrationReader: Sendable {
    /// Where Kafka's znodes live: "" for the root, or the chroot from Kafka's
    /// `zookeeper.connect` (`zookeeper:2181/kafka` → "/kafka").
    package var chroot: String
    /// Topics read per poll; each costs one request, and the dashboard needs assignments, not thousands.
    var maximumTopics: Int
    /// Partition states (leader and ISR) read per poll, one request each; 0 reads none.
    package var maximumPartitionStates: Int

    package init(chroot: String = "", maximumTopics: Int = 1000, maximumPartitionStates: Int = 2000) {
        // "/" and "" both mean the root; a trailing slash would double up in paths.
        var chroot = chroot
        while chroot.hasSuffix("/") { chroot.removeLast() }
        if !chroot.isEmpty, !chroot.hasPrefix("/") { chroot = "/" + chroot }
        self.chroot = chroot
        self.maximumTopics = max(0, maximumTopics)
        self.maximumPartitionStates = max(0, maximumPartitionStates)
    }

    /// The registrations, plus notes a person should see (missing znodes, unreadable JSON).
    package struct Reading: Sendable, Equatable {
        package var registrations: KafkaRegistrations
        package var notes: [String]
    }

    /// Reads everything in parallel over `session`; fails when the session breaks or the server
    /// refuses a read (such as NOAUTH), with a `ZooKeeperError`.
    package func read(from session: ZooKeeperSession) -> EventLoopFuture<Reading> {
        let brokers = readBrokers(session)
        let controller = readController(session)
        let topics = readTopics(session).flatMap { topics, count, notes in
            readPartitionStates(of: topics, session).map { withStates, stateNotes in (withStates, count, notes + stateNotes) }
        }
        return brokers.and(controller).and(topics).map { brokersAndController, topics in
            let ((brokers, brokerNotes), (controller, controllerNotes)) = brokersAndController
            let (assignments, topicCount, topicNotes) = topics
            return Reading(
                registrations: KafkaRegistrations(brokers: brokers, controller: controller, topics: assignments, topicCount: topicCount),
                notes: brokerNotes + controllerNotes + topicNotes
            )
        }
    }

    private func path(_ suffix: String) -> String { chroot + suffix }

    private func readBrokers(_ session: ZooKeeperSession) -> EventLoopFuture<([KafkaBrokerRegistration], [String])> {
        let idsPath = path("/brokers/ids")
        return session.children(of: idsPath).flatMap { names in
            guard let names else {
                return session.eventLoop.makeSucceededFuture(([], ["no brokers registered: \(idsPath) does not exist\(chrootHint)"]))
            }
            var notes: [String] = []
            var reads: [EventLoopFuture<(KafkaBrokerRegistration?, String?)>] = []
            for name in names {
                guard let id = Int(name) else {
                    notes.append("\(idsPath)/\(name) is not a broker id and was skipped")
                    continue
                }
                let znode = "\(idsPath)/\(name)"
                reads.append(session.data(at: znode).map { data in
                    // A broker whose znode vanished since the listing has just deregistered.
                    guard let data else { return (nil, nil) }
                    do throws(KafkaZNodeFormatError) {
                        return (try KafkaBrokerRegistration(id: id, json: data.data ?? [], stat: data.stat), nil)
                    } catch {
                        let problem = "\(znode) \(error.problem)"
                        let registration = KafkaBrokerRegistration(
                            id: id, endpoints: [], host: nil, port: nil, registeredAt: nil, version: nil,
                            sessionID: data.stat.ephemeralOwner, createdAt: data.stat.createdAt, problem: problem
                        )
                        return (registration, problem)
                    }
                })
            }
            let skipped = notes
            return EventLoopFuture.whenAllSucceed(reads, on: session.eventLoop).map { results in
                (results.compactMap(\.0), skipped + results.compactMap(\.1))
            }
        }
    }

    private func readController(_ session: ZooKeeperSession) -> EventLoopFuture<(KafkaControllerRegistration?, [String])> {
        let controllerPath = path("/controller")
        return session.data(at: controllerPath).map { data in
            guard let data else { return (nil, ["no controller elected: \(controllerPath) does not exist"]) }
            do throws(KafkaZNodeFormatError) {
                return (try KafkaControllerRegistration(json: data.data ?? [], stat: data.stat), [])
            } catch {
                return (nil, ["\(controllerPath) \(error.problem)"])
            }
        }
    }

    private func readTopics(_ session: ZooKeeperSession) -> EventLoopFuture<([KafkaTopicAssignment], Int, [String])> {
        let topicsPath = path("/brokers/topics")
        let limit = maximumTopics
        return session.children(of: topicsPath).flatMap { names in
            guard let names else {
                return session.eventLoop.makeSucceededFuture(([], 0, ["no topics: \(topicsPath) does not exist\(chrootHint)"]))
            }
            let chosen = names.sorted().prefix(limit)
            var notes: [String] = []
            if chosen.count < names.count {
                notes.append("read the first \(chosen.count) of \(names.count) topics")
            }
            let reads = chosen.map { name in
                let znode = "\(topicsPath)/\(name)"
                return session.data(at: znode).map { data -> (KafkaTopicAssignment?, String?) in
                    // A topic deleted since the listing is simply gone.
                    guard let data else { return (nil, nil) }
                    do throws(KafkaZNodeFormatError) {
                        return (try KafkaTopicAssignment(name: name, json: data.data ?? []), nil)
                    } catch {
                        let problem = "\(znode) \(error.problem)"
                        return (KafkaTopicAssignment(name: name, topicID: nil, partitions: [], problem: problem), problem)
                    }
                }
            }
            let limitNotes = notes
            return EventLoopFuture.whenAllSucceed(Array(reads), on: session.eventLoop).map { results in
                (results.compactMap(\.0), names.count, limitNotes + results.compactMap(\.1))
            }
        }
    }

    /// Attaches leader and ISR to the first `maximumPartitionStates` partitions, in topic and partition order.
    private func readPartitionStates(of topics: [KafkaTopicAssignment], _ session: ZooKeeperSession) -> EventLoopFuture<([KafkaTopicAssignment], [String])> {
        var wanted: [(topic: Int, partition: Int, path: String)] = []
        let total = topics.reduce(0) { $0 + $1.partitions.count }
        outer: for (topicIndex, topic) in topics.enumerated() {
            for (partitionIndex, partition) in topic.partitions.enumerated() {
                guard wanted.count < maximumPartitionStates else { break outer }
                wanted.append((topicIndex, partitionIndex, path("/brokers/topics/\(topic.name)/partitions/\(partition.partition)/state")))
            }
        }
        var notes: [String] = []
        if wanted.count < total {
            notes.append("read leader and ISR of the first \(wanted.count) of \(total) partitions")
        }
        let reads = wanted.map { item in
            session.data(at: item.path).map { data -> (KafkaPartitionState?, String?) in
                // A partition the controller has not set up yet has no state.
                guard let data else { return (nil, nil) }
                do throws(KafkaZNodeFormatError) {
                    return (try KafkaPartitionState(json: data.data ?? []), nil)
                } catch {
                    return (nil, "\(item.path) \(error.problem)")
                }
            }
        }
        let limitNotes = notes
        let places = wanted.map { ($0.topic, $0.partition) }
        return EventLoopFuture.whenAllSucceed(reads, on: session.eventLoop).map { results in
            var topics = topics
            for ((topic, partition), (state, _)) in zip(places, results) {
                topics[topic].partitions[partition].state = state
            }
            return (topics, limitNotes + results.compactMap(\.1))
        }
    }

    private var chrootHint: String {
        chroot.isEmpty ? " (if Kafka's zookeeper.connect ends in a path, set it as the chroot)" : ""
    }
}
