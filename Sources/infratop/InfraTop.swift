import ArgumentParser
import InfraTopCore
import InfraTopUI

@main
struct InfraTop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infratop",
        abstract: "A live terminal dashboard for a Kubernetes namespace running Kafka, ZooKeeper, Redis and services."
    )
}
