/// The dashboard's views, bound to the keys 1–7.
package enum ViewID: Int, CaseIterable, Sendable, Codable {
    case overview = 1
    case pods
    case kafka
    case redis
    case logs
    case scaling
    case mongodb

    package var title: String {
        switch self {
        case .overview: "Overview"
        case .pods: "Pods"
        case .kafka: "Kafka"
        case .redis: "Redis"
        case .logs: "Logs"
        case .scaling: "Scaling"
        case .mongodb: "MongoDB"
        }
    }

    /// The digit that selects this view.
    package var key: Character { Character(String(rawValue)) }
}
