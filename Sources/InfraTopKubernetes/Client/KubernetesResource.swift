/// A resource type and where the API serves it: in a namespace, or across the cluster.
package struct KubernetesResource: Sendable, Hashable, CustomStringConvertible {
    /// "" for the core group.
    package var group: String
    package var version: String
    /// The plural name in URLs and RBAC messages: `pods`, `statefulsets`.
    package var plural: String

    package init(group: String, version: String, plural: String) {
        self.group = group
        self.version = version
        self.plural = plural
    }

    package static let pods = KubernetesResource(group: "", version: "v1", plural: "pods")
    package static let services = KubernetesResource(group: "", version: "v1", plural: "services")
    package static let events = KubernetesResource(group: "", version: "v1", plural: "events")
    package static let statefulSets = KubernetesResource(group: "apps", version: "v1", plural: "statefulsets")
    package static let deployments = KubernetesResource(group: "apps", version: "v1", plural: "deployments")
    package static let replicaSets = KubernetesResource(group: "apps", version: "v1", plural: "replicasets")
    /// Cluster-scoped: nodes have no namespace.
    package static let nodes = KubernetesResource(group: "", version: "v1", plural: "nodes")

    /// `/api/v1/namespaces/NS/pods` or `/apis/apps/v1/namespaces/NS/statefulsets`.
    package func path(namespace: String) -> String {
        let prefix = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        return "\(prefix)/namespaces/\(QueryString.escape(namespace))/\(plural)"
    }

    /// `/api/v1/nodes`, or every namespace's pods at `/api/v1/pods`.
    package var clusterPath: String {
        (group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)") + "/\(plural)"
    }

    package var description: String { plural }
}

/// Percent-encoding for paths and query values; continue tokens hold `+`, `/` and `=`.
enum QueryString {
    static func escape(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    static func encode(_ query: [(String, String)]) -> String {
        query.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }
}
