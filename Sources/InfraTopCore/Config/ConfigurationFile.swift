import Foundation
import Yams
import InfraTopBasics
import InfraTopKubernetes

/// What a config file may set; everything is optional, command-line options win.
package struct ConfigurationFile: Sendable, Equatable {
    package var namespace: String?
    package var context: String?
    package var kubeconfig: String?
    package var refreshInterval: Double?
    package var theme: String?
    package var kafkaBootstrap: [Endpoint]?
    /// Where to reach broker N when its advertised address does not resolve here, e.g.
    /// `{pod}.kafka-headless.{namespace}.svc.cluster.local:9092`.
    package var kafkaAddressTemplate: String?
    /// `kafka.firstBrokerId`: broker.id = StatefulSet ordinal + this (Bitnami's `minBrokerId`).
    package var kafkaFirstBrokerID: Int32?
    /// `kafka.groups`: consumer groups to read even when the brokers do not list them.
    package var kafkaGroups: [String]?
    package var zookeeper: Endpoint?
    package var reach: ReachMode?
    package var redisURL: String?
    package var redisPasswordFile: String?
    package var mongodbURL: String?
    package var mongodbPasswordFile: String?
    package var logFile: String?
    /// Replaces the e-commerce-saga components when set.
    package var components: [Component]?
    /// Lines the logs pane keeps for scrollback (`logs: {maxLines: N}`).
    package var logMaxLines: Int?

    package init() {}

    /// Reads a config file; a missing file is an error only when `required`.
    package static func load(path: String, required: Bool) throws(ConfigurationError) -> ConfigurationFile {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ConfigurationError("\(path): no such config file") }
            return ConfigurationFile()
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("\(path): cannot be read as UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses config YAML; unknown keys and wrong types fail with file, line and key.
    package static func parse(_ text: String, file: String) throws(ConfigurationError) -> ConfigurationFile {
        let root = try YAMLFields.parse(text, file: file)
        try root.rejectUnknownKeys(["namespace", "context", "kubeconfig", "refresh", "theme", "kafka", "zookeeper", "redis", "mongodb", "logFile", "components", "logs", "reach"])
        var config = ConfigurationFile()
        config.namespace = try root.string("namespace")
        config.context = try root.string("context")
        config.kubeconfig = try root.string("kubeconfig")
        config.theme = try root.string("theme")
        config.logFile = try root.string("logFile")
        if let reach = try root.string("reach"), let node = root.node.mapping?["reach"] {
            guard let mode = ReachMode(rawValue: reach) else {
                throw root.error("reach", node, "must be auto, direct or api")
            }
            config.reach = mode
        }
        if let refresh = try root.number("refresh") {
            guard refresh >= 0.2, refresh <= 3600 else {
                throw root.error("refresh", root.node.mapping?["refresh"] ?? root.node, "must be between 0.2 and 3600 seconds")
            }
            config.refreshInterval = refresh
        }
        if let kafka = try root.fields("kafka") {
            try kafka.rejectUnknownKeys(["bootstrap", "addressTemplate", "firstBrokerId", "groups"])
            config.kafkaAddressTemplate = try kafka.string("addressTemplate")
            if let first = try kafka.number("firstBrokerId"), let node = kafka.node.mapping?["firstBrokerId"] {
                // Kafka's broker.id is a non-negative int; reserved.broker.max.id stays far below this.
                guard first >= 0, first <= 1_000_000, first.rounded() == first else {
                    throw kafka.error("firstBrokerId", node, "must be a whole number from 0 to 1000000")
                }
                config.kafkaFirstBrokerID = Int32(first)
            }
            if let groups = try kafka.stringList("groups"), let node = kafka.node.mapping?["groups"] {
                guard !groups.contains(where: \.isEmpty) else { throw kafka.error("groups", node, "a group name cannot be empty") }
                config.kafkaGroups = groups
            }
            if let list = try kafka.stringList("bootstrap"), let node = kafka.node.mapping?["bootstrap"] {
                do throws(ConfigurationError) {
                    config.kafkaBootstrap = try Endpoint.parseList(list.joined(separator: ","), defaultPort: 9092)
                } catch {
                    throw kafka.error("bootstrap", node, error.message)
                }
            }
        }
        if let zookeeper = try root.string("zookeeper"), let node = root.node.mapping?["zookeeper"] {
            do throws(ConfigurationError) {
                config.zookeeper = try Endpoint(parsing: zookeeper, defaultPort: 2181)
            } catch {
                throw root.error("zookeeper", node, error.message)
            }
        }
        if let redis = try root.fields("redis") {
            try redis.rejectUnknownKeys(["url", "passwordFile"])
            config.redisURL = try redis.string("url")
            config.redisPasswordFile = try redis.string("passwordFile")
        }
        if let mongodb = try root.fields("mongodb") {
            try mongodb.rejectUnknownKeys(["url", "passwordFile"])
            config.mongodbURL = try mongodb.string("url")
            config.mongodbPasswordFile = try mongodb.string("passwordFile")
        }
        if let logs = try root.fields("logs") {
            try logs.rejectUnknownKeys(["maxLines"])
            if let lines = try logs.number("maxLines") {
                guard lines >= 100, lines <= 1_000_000, lines == lines.rounded() else {
                    throw logs.error("maxLines", logs.node.mapping?["maxLines"] ?? logs.node, "must be a whole number of lines between 100 and 1000000")
                }
                config.logMaxLines = Int(lines)
            }
        }
        if let node = root.node.mapping?["components"] {
            config.components = try parseComponents(node, in: root)
        }
        return config
    }

    /// `components:` is a list of `{name, role, kind, workload}` or `{name, role, kind, labels}`.
    private static func parseComponents(_ node: Node, in root: YAMLFields) throws(ConfigurationError) -> [Component] {
        guard let items = node.sequence else { throw root.error("components", node, "expected a list of components") }
        var components: [Component] = []
        for (index, item) in items.enumerated() {
            let fields = try YAMLFields(file: root.file, path: "components[\(index)]", node: item)
            try fields.rejectUnknownKeys(["name", "role", "kind", "workload", "labels"])
            guard let name = try fields.string("name"), !name.isEmpty else {
                throw fields.error("name", item, "every component needs a name")
            }
            let roleText = try fields.string("role") ?? "service"
            guard let role = Component.Role(rawValue: roleText) else {
                throw fields.error("role", item.mapping?["role"] ?? item, "must be infrastructure or service")
            }
            let kindText = try fields.string("kind") ?? (role == .service ? "Deployment" : "StatefulSet")
            guard let kind = Component.WorkloadKind(rawValue: kindText) else {
                throw fields.error("kind", item.mapping?["kind"] ?? item, "must be StatefulSet or Deployment")
            }
            var labels: [String: String]?
            if let labelNode = item.mapping?["labels"] {
                guard let mapping = labelNode.mapping else { throw fields.error("labels", labelNode, "expected a mapping of label to value") }
                var parsed: [String: String] = [:]
                for (key, value) in mapping {
                    guard let key = key.string, let value = value.scalar?.string else {
                        throw fields.error("labels", labelNode, "expected a mapping of label to value")
                    }
                    parsed[key] = value
                }
                labels = parsed
            }
            let workload = try fields.string("workload") ?? name
            components.append(Component(name: name, role: role, workloadKind: kind, workloadName: workload, workloadLabels: labels))
        }
        return components
    }
}
