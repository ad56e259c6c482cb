/// A resource the cache cannot read while the others answer: RBAC forbids listing it (403), or
/// the server does not serve it (404). The collector stays live without it; the views and
/// findings that need it say so.
package struct ResourceGap: Sendable, Equatable, Hashable, Codable {
    package enum Reason: String, Sendable, Codable {
        /// 403: the Role does not grant list and watch on it.
        case forbidden
        /// 404: the API server does not serve it (an old cluster, a missing API group).
        case notServed
    }

    /// The plural name in URLs and RBAC rules: `events`, `replicasets`.
    package var resource: String
    /// The API group: "" for the core group, `apps` for workloads.
    package var group: String
    package var reason: Reason

    package init(resource: String, group: String, reason: Reason) {
        self.resource = resource
        self.group = group
        self.reason = reason
    }

    init?(resource: KubernetesResource, failure: KubernetesError) {
        switch failure.kind {
        case .forbidden: self.init(resource: resource.plural, group: resource.group, reason: .forbidden)
        case .notFound: self.init(resource: resource.plural, group: resource.group, reason: .notServed)
        default: return nil
        }
    }
}
