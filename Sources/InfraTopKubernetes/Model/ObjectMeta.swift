import Foundation

/// The metadata every Kubernetes object carries (`metav1.ObjectMeta`), limited to what infratop reads.
package struct ObjectMeta: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty package var name: String = ""
    @OmitEmpty package var namespace: String = ""
    @OmitEmpty package var uid: String = ""
    @OmitEmpty package var resourceVersion: String = ""
    @OmitEmpty package var generation: Int64 = 0
    @Timestamp package var creationTimestamp: Date?
    /// Set once deletion was requested; kubectl then shows the pod as `Terminating`.
    @Timestamp package var deletionTimestamp: Date?
    @OmitEmpty package var labels: [String: String] = [:]
    @OmitEmpty package var annotations: [String: String] = [:]
    @OmitEmpty package var ownerReferences: [OwnerReference] = []

    package init(
        name: String = "",
        namespace: String = "",
        uid: String = "",
        resourceVersion: String = "",
        creationTimestamp: Date? = nil,
        deletionTimestamp: Date? = nil,
        labels: [String: String] = [:],
        annotations: [String: String] = [:],
        ownerReferences: [OwnerReference] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.labels = labels
        self.annotations = annotations
        self.ownerReferences = ownerReferences
    }

    package static var emptyValue: ObjectMeta { ObjectMeta() }

    /// The owner that manages this object (`controller: true`), as the StatefulSet owns `kafka-0`.
    package var controller: OwnerReference? {
        ownerReferences.first { $0.controller == true }
    }
}

/// A link from an object to the object that owns it.
package struct OwnerReference: Codable, Sendable, Equatable {
    @OmitEmpty package var apiVersion: String = ""
    @OmitEmpty package var kind: String = ""
    @OmitEmpty package var name: String = ""
    @OmitEmpty package var uid: String = ""
    /// True for the managing controller; at most one owner has it.
    package var controller: Bool?

    package init(apiVersion: String = "", kind: String, name: String, uid: String = "", controller: Bool? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
    }
}

/// The metadata of a list (`metav1.ListMeta`): where a watch resumes, and where the next page starts.
package struct ListMeta: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty package var resourceVersion: String = ""
    /// The token for the next page of a chunked list; empty on the last page.
    @OmitEmpty package var `continue`: String = ""
    /// How many items the remaining pages hold, when the server knows.
    package var remainingItemCount: Int64?

    package init(resourceVersion: String = "", continue: String = "", remainingItemCount: Int64? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
        self.remainingItemCount = remainingItemCount
    }

    package static var emptyValue: ListMeta { ListMeta() }
}

/// A list response (`PodList`, `EventList`...): the items and the list's metadata.
package struct ObjectList<Item: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    @OmitEmpty package var kind: String = ""
    @OmitEmpty package var apiVersion: String = ""
    @OmitEmpty package var metadata: ListMeta = ListMeta()
    /// The API writes `"items": null` for an empty list at times; that decodes as `[]`.
    @OmitEmpty package var items: [Item] = []

    init(metadata: ListMeta = ListMeta(), items: [Item]) {
        self.metadata = metadata
        self.items = items
    }
}

package typealias PodList = ObjectList<Pod>
package typealias EventList = ObjectList<Event>
typealias StatefulSetList = ObjectList<StatefulSet>
typealias DeploymentList = ObjectList<Deployment>
typealias ReplicaSetList = ObjectList<ReplicaSet>
