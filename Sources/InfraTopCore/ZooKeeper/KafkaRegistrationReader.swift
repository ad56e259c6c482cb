import NIOCore

/// Reads Kafka's registrations (brokers, controller, topic assignments) through a ZooKeeper session.
///
/// A znode that does not exist is data, not a failure: no `/brokers/ids` means no broker is
/// registered, no `/controller` means no controller is elected. Such facts come back as notes
/// alongside the registrations; only a broken session fails the read.
public struct KafkaRegistrationReader: Sendable {
    /// Where Kafka's znodes live: "" for the root, or the chroot from Kafka's
    /// `zookeeper.connect` (`zookeeper:2181/kafka` → "/kafka").
    public var chroot: String
    /// Topics read per poll; each costs one request, and the dashboard needs assignments, not thousands.
    public var maximumTopics: Int

    public init(chroot: String = "", maximumTopics: Int = 1000) {
        // "/" and "" both mean the root; a trailing slash would double up in paths.
        var chroot = chroot
        while chroot.hasSuffix("/") { chroot.removeLast() }
        if !chroot.isEmpty, !chroot.hasPrefix("/") { chroot = "/" + chroot }
        self.chroot = chroot
        self.maximumTopics = max(0, maximumTopics)
    }

    /// The registrations, plus notes a person should see (missing znodes, unreadable JSON).
    public struct Result: Sendable, Equatable {
        public var registrations: KafkaRegistrations
        public var notes: [String]
    }

    public func read(from session: ZooKeeperSession) -> EventLoopFuture<Result> {
        let loop = session.eventLoop
        let brokers = readBrokers(session)
        let controller = readController(session)
        let topics = readTopics(session)
        return brokers.and(controller).and(topics).map { brokersAndController, topics in
            let ((brokers, brokerNotes), (controller, controllerNotes)) = brokersAndController
            let (assignments, topicCount, topicNotes) = topics
            return Result(
                registrations: KafkaRegistrations(brokers: brokers, controller: controller, topics: assignments, topicCount: topicCount),
                notes: brokerNotes + controllerNotes + topicNotes
            )
        }
        .hop(to: loop)
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

    private var chrootHint: String {
        chroot.isEmpty ? " (if Kafka's zookeeper.connect ends in a path, set it as the chroot)" : ""
    }
}
