import Foundation
import InfraTopBasics

/// The settings infratop runs with, after command line, environment and config file are merged.
package struct Configuration: Sendable {
    /// The defaults for the cluster infratop was first built for.
    package enum Defaults {
        package static let namespace = "e-commerce-saga"
        package static let refreshInterval: TimeInterval = 2
        package static let kafkaBootstrap = [Endpoint(host: "kafka-client", port: 9092)]
        package static let zookeeper = Endpoint(host: "zookeeper", port: 2181)
        package static let redisURL = "redis://redis:6379"
        package static let mongodbURL = "mongodb://mongodb:27017"
    }

    package var kubeconfigPath: String?
    package var context: String?
    package var namespace: String
    /// True when the namespace came from `-n` or the config file; otherwise the kubeconfig
    /// context's namespace wins over the default.
    package var isNamespaceExplicit = false
    package var refreshInterval: TimeInterval
    package var theme: String?
    package var kafkaBootstrap: [Endpoint]
    package var kafkaAddressTemplate: String?
    /// The id of the Kafka StatefulSet's first broker (broker.id = ordinal + this).
    package var kafkaFirstBrokerID: Int32 = 0
    /// Consumer groups to read besides those the brokers list (all of them where ListGroups is missing).
    package var kafkaGroups: [String] = []
    package var zookeeper: Endpoint
    /// How Kafka, Redis, MongoDB and ZooKeeper are reached: directly, through the API server, or either.
    package var reach: ReachMode = .auto
    package var redisURL: String
    package var redisPassword: Secret?
    /// `mongodb://[user@]host:port`; never a password, which comes separately.
    package var mongodbURL = Defaults.mongodbURL
    package var mongodbPassword: Secret?
    package var logFile: String?
    /// Lines the logs pane keeps for scrollback; older ones are dropped.
    package var logMaxLines = LogRing.defaultCapacity
    /// The parts of the namespace that get their own panel.
    package var components = Component.eCommerceSaga

    package init(
        kubeconfigPath: String? = nil,
        context: String? = nil,
        namespace: String = Defaults.namespace,
        refreshInterval: TimeInterval = Defaults.refreshInterval,
        theme: String? = nil,
        kafkaBootstrap: [Endpoint] = Defaults.kafkaBootstrap,
        zookeeper: Endpoint = Defaults.zookeeper,
        redisURL: String = Defaults.redisURL,
        redisPassword: Secret? = nil,
        logFile: String? = nil
    ) {
        self.kubeconfigPath = kubeconfigPath
        self.context = context
        self.namespace = namespace
        self.refreshInterval = refreshInterval
        self.theme = theme
        self.kafkaBootstrap = kafkaBootstrap
        self.zookeeper = zookeeper
        self.redisURL = redisURL
        self.redisPassword = redisPassword
        self.logFile = logFile
    }

    /// The default config file: `$XDG_CONFIG_HOME/infratop/config.yaml`, or under `~/.config`.
    package static func defaultFilePath(environment: [String: String]) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return base + "/infratop/config.yaml"
    }

    /// Reads a password from a file, dropping one trailing newline as `kubectl create secret` files have.
    package static func readSecret(file path: String) throws(ConfigurationError) -> Secret {
        guard let data = FileManager.default.contents(atPath: path), var text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("\(path): the password file cannot be read")
        }
        if text.hasSuffix("\r\n") { text.removeLast(2) } else if text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else { throw ConfigurationError("\(path): the password file is empty") }
        return Secret(text)
    }
}
