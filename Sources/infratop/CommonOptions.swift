import ArgumentParser
import Foundation
import InfraTopApp
import InfraTopBasics
import InfraTopCore

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

    @Option(help: ArgumentHelp("The MongoDB server (default: mongodb://mongodb:27017); the password comes from MONGODB_PASSWORD or --mongodb-password-file, never the URL.", valueName: "mongodb://[user@]host:port"))
    var mongodb: String?

    @Option(help: ArgumentHelp("The ZooKeeper server (default: zookeeper:2181).", valueName: "host:port"))
    var zookeeper: String?

    @Option(help: ArgumentHelp("How to reach Kafka, Redis, MongoDB and ZooKeeper: auto (directly when the name resolves and connects, else through the Kubernetes API), direct, or api (tunnels through pods/portforward, as kubectl port-forward).", valueName: "auto|direct|api"))
    var reach: String?

    @Option(help: ArgumentHelp("A file holding the Redis password (instead of REDIS_PASSWORD).", valueName: "file"))
    var redisPasswordFile: String?

    @Option(help: ArgumentHelp("A file holding the MongoDB password (instead of MONGODB_PASSWORD).", valueName: "file"))
    var mongodbPasswordFile: String?

    @Option(help: ArgumentHelp("Write diagnostic logs to this file; nothing is ever logged to the terminal.", valueName: "file"))
    var logFile: String?

    /// The flags as values, for the app to resolve.
    var values: CommandLineOptions {
        var values = CommandLineOptions()
        values.kubeconfig = kubeconfig
        values.context = context
        values.namespace = namespace
        values.refresh = refresh
        values.config = config
        values.kafka = kafka
        values.redis = redis
        values.zookeeper = zookeeper
        values.reach = reach
        values.redisPasswordFile = redisPasswordFile
        values.mongodb = mongodb
        values.mongodbPasswordFile = mongodbPasswordFile
        values.logFile = logFile
        return values
    }

    /// Merges command line, environment and config file, in that order of precedence.
    func resolve(environment: [String: String]) throws -> Configuration {
        do {
            return try values.resolve(environment: environment)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
