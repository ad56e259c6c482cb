/// An API object with metadata, which a cache can key and version.
package protocol KubernetesObject: Codable, Sendable, Equatable {
    var metadata: ObjectMeta { get }
}

extension Pod: KubernetesObject {}
extension StatefulSet: KubernetesObject {}
extension Deployment: KubernetesObject {}
extension ReplicaSet: KubernetesObject {}
extension Event: KubernetesObject {}

extension KubernetesObject {
    /// The cache key: the uid, which tells a recreated `kafka-1` from the old one, or the name when the uid is missing.
    var cacheKey: String {
        metadata.uid.isEmpty ? "\(metadata.namespace)/\(metadata.name)" : metadata.uid
    }
}
