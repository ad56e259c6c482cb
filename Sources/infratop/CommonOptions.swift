import ArgumentParser
import Foundation
import InfraTopCore
import InfraTopBasics

/// Options shared by the dashboard, `snapshot` and `check`.
struct CommonOptions: ParsableArguments {
    @Option(help: "The kubeconfig file to read (default: $KUBECONFIG, else ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: the current context).")
    var context: String?

    @Option(name: .shortAndLong, help: "The namespace to watch (default: e-commerce-saga).")
    var namespace: String?

    @Option(help: ArgumentHelp("Seconds between polls of each source (default: 2).", valueName: "seconds"))
    var refresh: Double?

    @Option(help: ArgumentHelp("The config file (default: $XDG_CONFIG_HOME/infratop/config.yaml).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("A theme name (default, light, dracula, nord, solarized-dark, monochrome, high-contrast) or the path of a theme file.", valueName: "name|path"))
    var theme: String?

    @Option(help: ArgumentHelp("Kafka bootstrap brokers (default: kafka-client:9092).", valueName: "host:port[,...]"))
    var kafka: String?

    @Option(help: ArgumentHelp("The Redis server (default: redis://redis:6379); the password comes from REDIS_PASSWORD or --redis-password-file.", valueName: "redis://[user@]host:port"))
    var redis: String?

    @Option(help: ArgumentHelp("The ZooKeeper server (default: zookeeper:2181).", valueName: "host:port"))
    var zookeeper: String?

    @Option(help: ArgumentHelp("How to reach Kafka, Redis and ZooKeeper: auto (directly when the name resolves and connects, else through the Kubernetes API), direct, or api (tunnels through pods/portforward, as kubectl port-forward).", valueName: "auto|direct|api"))
    var reach: String?

    @Option(help: ArgumentHelp("A file holding the Redis password (instead of REDIS_PASSWORD).", valueName: "file"))
    var redisPasswordFile: String?

    @Option(help: ArgumentHelp("Write diagnostic logs to this file; nothing is ever logged to the terminal.", valueName: "file"))
    var logFile: String?

    /// Merges command line, environment and config file, in that order of precedence.
    func resolve(environment: [String: String]) throws -> Configuration {
        do {
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
        } catch let error as ConfigurationError {
            throw ValidationError(error.message)
        }
    }
}
