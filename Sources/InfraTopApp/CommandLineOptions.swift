import Foundation
import InfraTopBasics
import InfraTopCore

/// What the command line says, before it is weighed against the environment and the config
/// file; the flags themselves are declared by the executable.
package struct CommandLineOptions: Sendable {
    package var kubeconfig: String?
    package var context: String?
    package var namespace: String?
    package var refresh: Double?
    package var config: String?
    package var kafka: String?
    package var redis: String?
    package var zookeeper: String?
    package var reach: String?
    package var redisPasswordFile: String?
    package var mongodb: String?
    package var mongodbPasswordFile: String?
    package var logFile: String?

    package init() {}

    /// Merges command line, environment and config file, in that order of precedence.
    package func resolve(environment: [String: String]) throws(ConfigurationError) -> Configuration {
        let path = config ?? Configuration.defaultFilePath(environment: environment)
        let file = try ConfigurationFile.load(path: path, required: config != nil)
        var resolved = Configuration()
        resolved.kubeconfigPath = kubeconfig ?? file.kubeconfig
        resolved.context = context ?? file.context
        resolved.namespace = namespace ?? file.namespace ?? Configuration.Defaults.namespace
        resolved.isNamespaceExplicit = (namespace ?? file.namespace) != nil
        if let refresh {
            guard refresh >= 0.2, refresh <= 3600 else {
                throw ConfigurationError("--refresh must be between 0.2 and 3600 seconds")
            }
            resolved.refreshInterval = refresh
        } else if let interval = file.refreshInterval {
            resolved.refreshInterval = interval
        }
        // The --theme flag and INFRATOP_THEME are weighed against this by ThemeChoice.
        resolved.theme = file.theme
        if let kafka {
            resolved.kafkaBootstrap = try Endpoint.parseList(kafka, defaultPort: 9092)
        } else if let bootstrap = file.kafkaBootstrap {
            resolved.kafkaBootstrap = bootstrap
        }
        if let zookeeper {
            resolved.zookeeper = try Endpoint(parsing: zookeeper, defaultPort: 2181)
        } else if let endpoint = file.zookeeper {
            resolved.zookeeper = endpoint
        }
        resolved.redisURL = redis ?? file.redisURL ?? Configuration.Defaults.redisURL
        if let passwordFile = redisPasswordFile ?? file.redisPasswordFile {
            resolved.redisPassword = try Configuration.readSecret(file: passwordFile)
        } else if let password = environment["REDIS_PASSWORD"], !password.isEmpty {
            resolved.redisPassword = Secret(password)
        }
        resolved.mongodbURL = mongodb ?? file.mongodbURL ?? Configuration.Defaults.mongodbURL
        if let passwordFile = mongodbPasswordFile ?? file.mongodbPasswordFile {
            resolved.mongodbPassword = try Configuration.readSecret(file: passwordFile)
        } else if let password = environment["MONGODB_PASSWORD"], !password.isEmpty {
            resolved.mongodbPassword = Secret(password)
        }
        if let reach {
            guard let mode = ReachMode(rawValue: reach) else {
                throw ConfigurationError("--reach must be auto, direct or api")
            }
            resolved.reach = mode
        } else if let mode = file.reach {
            resolved.reach = mode
        }
        resolved.logFile = logFile ?? file.logFile
        if let components = file.components { resolved.components = components }
        if let lines = file.logMaxLines { resolved.logMaxLines = lines }
        resolved.kafkaAddressTemplate = file.kafkaAddressTemplate
        resolved.kafkaFirstBrokerID = file.kafkaFirstBrokerID ?? 0
        resolved.kafkaGroups = file.kafkaGroups ?? []
        return resolved
    }
}
