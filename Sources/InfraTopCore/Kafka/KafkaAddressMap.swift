import Foundation

/// Where infratop connects to reach each broker.
///
/// Brokers advertise addresses for their clients, and those often do not
/// resolve (or all name one Service, as e-commerce-saga's `kafka-client:9092`
/// does) where infratop runs. In order of precedence a broker is reached at:
/// its entry in `explicit`, the `template` filled in for it, or what it advertises.
public struct KafkaAddressMap: Sendable, Equatable {
    /// Node id → address, for brokers whose address is known by hand.
    public var explicit: [Int32: Endpoint]
    /// A host:port pattern such as `{pod}.kafka-headless.{namespace}.svc.cluster.local:9092`.
    /// `{pod}` is `<statefulSet>-<id>` (a StatefulSet broker's id is its ordinal),
    /// `{id}` the node id, `{statefulset}` and `{namespace}` the values below.
    /// Without a port the advertised port is kept.
    public var template: String?
    public var statefulSet: String
    public var namespace: String

    public init(explicit: [Int32: Endpoint] = [:], template: String? = nil, statefulSet: String = "kafka", namespace: String = "default") {
        self.explicit = explicit
        self.template = template
        self.statefulSet = statefulSet
        self.namespace = namespace
    }

    /// Use what the brokers advertise.
    public static let advertised = KafkaAddressMap()

    /// Checks that the template is well formed, so a typo is reported when the configuration is read, not on every poll.
    public func validate() throws(ConfigurationError) {
        guard let template else { return }
        let filled = Self.fill(template, id: 0, statefulSet: statefulSet, namespace: namespace)
        if filled.contains("{") || filled.contains("}") {
            throw ConfigurationError("the Kafka address template \"\(template)\" has an unknown placeholder: use {pod}, {id}, {statefulset} or {namespace}")
        }
        _ = try Endpoint(parsing: filled, defaultPort: 9092)
    }

    /// The address to connect to for broker `id`, which advertises `advertised`.
    public func address(forBroker id: Int32, advertised: Endpoint) -> Endpoint {
        if let endpoint = explicit[id] { return endpoint }
        if let template {
            let filled = Self.fill(template, id: id, statefulSet: statefulSet, namespace: namespace)
            // A template that does not parse was reported by `validate`; falling back keeps the poll going.
            if !filled.contains("{"), let endpoint = try? Endpoint(parsing: filled, defaultPort: advertised.port) {
                return endpoint
            }
        }
        return advertised
    }

    static func fill(_ template: String, id: Int32, statefulSet: String, namespace: String) -> String {
        template
            .replacingOccurrences(of: "{pod}", with: "\(statefulSet)-\(id)")
            .replacingOccurrences(of: "{id}", with: String(id))
            .replacingOccurrences(of: "{statefulset}", with: statefulSet)
            .replacingOccurrences(of: "{namespace}", with: namespace)
    }
}
