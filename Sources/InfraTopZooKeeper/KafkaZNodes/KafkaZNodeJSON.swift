import Foundation

// Kafka's znode JSON as kafka.zk.ZkData writes it. Only the fields the dashboard uses are read;
// anything else Kafka adds is ignored.

/// A Kafka znode whose data is not the JSON Kafka writes.
package struct KafkaZNodeFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Completes "<path> ...", such as "has no \"brokerid\"".
    package var problem: String
    package init(_ problem: String) { self.problem = problem }
    package var description: String { problem }
}

extension KafkaBrokerRegistration {
    /// Reads `/brokers/ids/<id>`: `{"version":5,"host":…,"port":…,"endpoints":[…],"timestamp":"<ms>",…}`.
    package init(id: Int, json: [UInt8], stat: ZNodeStat) throws(KafkaZNodeFormatError) {
        struct Registration: Decodable {
            var version: Int?
            var host: String?
            var port: Int?
            var endpoints: [String]?
            var rack: String?
            var timestamp: Milliseconds?
        }
        let registration = try decodeKafkaJSON(Registration.self, from: json)
        self.init(
            id: id,
            endpoints: registration.endpoints ?? [],
            host: registration.host,
            // Kafka writes port -1 when the broker has no PLAINTEXT listener.
            port: registration.port.flatMap { $0 >= 0 ? $0 : nil },
            rack: registration.rack,
            registeredAt: registration.timestamp?.date,
            version: registration.version,
            sessionID: stat.ephemeralOwner,
            createdAt: stat.createdAt
        )
    }
}

extension KafkaControllerRegistration {
    /// Reads `/controller`: `{"version":2,"brokerid":0,"timestamp":"<ms>","kraftControllerEpoch":-1}`.
    package init(json: [UInt8], stat: ZNodeStat) throws(KafkaZNodeFormatError) {
        struct Controller: Decodable {
            var brokerid: Int?
            var timestamp: Milliseconds?
        }
        let controller = try decodeKafkaJSON(Controller.self, from: json)
        guard let brokerID = controller.brokerid else { throw KafkaZNodeFormatError("has no \"brokerid\"") }
        self.init(brokerID: brokerID, electedAt: controller.timestamp?.date, sessionID: stat.ephemeralOwner)
    }
}

extension KafkaTopicAssignment {
    /// Reads `/brokers/topics/<name>`:
    /// `{"version":3,"topic_id":…,"partitions":{"0":[0,1,2]},"adding_replicas":{},"removing_replicas":{}}`.
    package init(name: String, json: [UInt8]) throws(KafkaZNodeFormatError) {
        struct Assignment: Decodable {
            var topic_id: String?
            var partitions: [String: [Int]]?
            var adding_replicas: [String: [Int]]?
            var removing_replicas: [String: [Int]]?
        }
        let assignment = try decodeKafkaJSON(Assignment.self, from: json)
        guard let replicasByPartition = assignment.partitions else { throw KafkaZNodeFormatError("has no \"partitions\"") }
        var partitions: [KafkaPartitionAssignment] = []
        for (key, replicas) in replicasByPartition {
            guard let partition = Int(key), partition >= 0 else {
                throw KafkaZNodeFormatError("names a partition \"\(key)\", which is not a number")
            }
            partitions.append(KafkaPartitionAssignment(
                partition: partition,
                replicas: replicas,
                addingReplicas: assignment.adding_replicas?[key] ?? [],
                removingReplicas: assignment.removing_replicas?[key] ?? []
            ))
        }
        self.init(name: name, topicID: assignment.topic_id, partitions: partitions)
    }
}

extension KafkaPartitionState {
    /// Reads `/brokers/topics/<name>/partitions/<n>/state`:
    /// `{"controller_epoch":1,"leader":0,"version":1,"leader_epoch":4,"isr":[0]}`.
    package init(json: [UInt8]) throws(KafkaZNodeFormatError) {
        struct State: Decodable {
            var leader: Int?
            var leader_epoch: Int?
            var isr: [Int]?
            var controller_epoch: Int?
        }
        let state = try decodeKafkaJSON(State.self, from: json)
        guard let leader = state.leader else { throw KafkaZNodeFormatError("has no \"leader\"") }
        guard let isr = state.isr else { throw KafkaZNodeFormatError("has no \"isr\"") }
        self.init(
            leader: leader >= 0 ? leader : nil,
            leaderEpoch: state.leader_epoch ?? 0,
            isr: isr,
            controllerEpoch: state.controller_epoch ?? 0
        )
    }
}

/// Kafka writes timestamps as a string of milliseconds; a number is accepted too.
private struct Milliseconds: Decodable {
    var value: Int64

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Int64(text) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not milliseconds")
        }
    }

    var date: Date { Date(timeIntervalSince1970: Double(value) / 1000) }
}

private func decodeKafkaJSON<T: Decodable>(_ type: T.Type, from json: [UInt8]) throws(KafkaZNodeFormatError) -> T {
    do {
        return try JSONDecoder().decode(type, from: Data(json))
    } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
        throw KafkaZNodeFormatError("has a \"\(fieldPath(context))\" of the wrong type")
    } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
        throw KafkaZNodeFormatError("has a \"\(fieldPath(context))\" of the wrong type")
    } catch {
        throw KafkaZNodeFormatError("does not hold a JSON object")
    }
}

private func fieldPath(_ context: DecodingError.Context) -> String {
    context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
}
