import Foundation
import InfraTopBasics

/// Where infratop connects to reach each broker.
///
/// Brokers advertise addresses for their clients, and those often do not
/// resolve (or all name one Service, as e-commerce-saga's `kafka-client:9092`
/// does) where infratop runs. In order of precedence a broker is reached at:
/// its entry in `explicit`, the `template` filled in for it, or what it advertises.
package struct KafkaAddressMap: Sendable, Equatable {
    /// Node id → address, for brokers whose address is known by hand.
    package var explicit: [Int32: Endpoint]
    /// A host:port pattern such as `{pod}.kafka-headless.{namespace}.svc.cluster.local:9092`.
    /// `{pod}` is the broker's pod, ``podName(forBroker:)``; `{id}` the node id,
    /// `{statefulset}` and `{namespace}` the values below.
    /// Without a port the advertised port is kept.
    package var template: String?
    package var statefulSet: String
    package var namespace: String
    /// The id of the StatefulSet's first broker: broker.id = ordinal + firstBrokerID.
    /// 0 when brokers take their ordinal as id (e-commerce-saga's `${HOSTNAME##*-}`);
    /// Bitnami's Kafka chart calls it `minBrokerId`.
    package var firstBrokerID: Int32
    /// Reach each broker at its pod (`kafka-0:9092`) rather than at what it advertises or the
    /// template: set while Kafka is reached through the Kubernetes API, where the tunnel goes to
    /// the pod by name and advertised addresses stop mattering.
    var throughPods = false

    package init(
        explicit: [Int32: Endpoint] = [:], template: String? = nil, statefulSet: String = "kafka", namespace: String = "default",
        firstBrokerID: Int32 = 0
    ) {
        self.explicit = explicit
        self.template = template
        self.statefulSet = statefulSet
        self.namespace = namespace
        self.firstBrokerID = firstBrokerID
    }

    /// The StatefulSet pod that runs broker `id`: `<statefulSet>-<id - firstBrokerID>`;
    /// nil for an id below `firstBrokerID`, which no pod of the StatefulSet has.
    package func podName(forBroker id: Int32) -> String? {
        let (ordinal, overflow) = id.subtractingReportingOverflow(firstBrokerID)
        guard !overflow, ordinal >= 0 else { return nil }
        return "\(statefulSet)-\(ordinal)"
    }

    /// Use what the brokers advertise.
    package static let advertised = KafkaAddressMap()

    /// Checks that the template is well formed, so a typo is reported when the configuration is read, not on every poll.
    package func validate() throws(ConfigurationError) {
        guard let template else { return }
        let filled = fill(template, id: firstBrokerID)
        if filled.contains("{") || filled.contains("}") {
            throw ConfigurationError("the Kafka address template \"\(template)\" has an unknown placeholder: use {pod}, {id}, {statefulset} or {namespace}")
        }
        _ = try Endpoint(parsing: filled, defaultPort: 9092)
    }

    /// The address to connect to for broker `id`, which advertises `advertised`.
    package func address(forBroker id: Int32, advertised: Endpoint) -> Endpoint {
        if let endpoint = explicit[id] { return endpoint }
        if throughPods, let pod = podName(forBroker: id) { return Endpoint(host: pod, port: advertised.port) }
        if let template {
            let filled = fill(template, id: id)
            // A template that does not parse was reported by `validate`, and a broker below
            // firstBrokerID has no pod; falling back keeps the poll going.
            if !filled.contains("{"), let endpoint = try? Endpoint(parsing: filled, defaultPort: advertised.port) {
                return endpoint
            }
        }
        return advertised
    }

    /// The template for broker `id`; `{pod}` stays unfilled when the id has no pod.
    func fill(_ template: String, id: Int32) -> String {
        var filled = template
        if let pod = podName(forBroker: id) { filled = filled.replacingOccurrences(of: "{pod}", with: pod) }
        return filled
            .replacingOccurrences(of: "{id}", with: String(id))
            .replacingOccurrences(of: "{statefulset}", with: statefulSet)
            .replacingOccurrences(of: "{namespace}", with: namespace)
    }
}
