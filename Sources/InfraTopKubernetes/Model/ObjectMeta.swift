import Foundation

/// The metadata every Kubernetes object carries (`metav1.ObjectMeta`), limited to what infratop reads.
public struct ObjectMeta: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty public var name: String = ""
    @OmitEmpty public var namespace: String = ""
    @OmitEmpty public var uid: String = ""
    @OmitEmpty public var resourceVersion: String = ""
    @OmitEmpty public var generation: Int64 = 0
    @Timestamp public var creationTimestamp: Date?
    /// Set once deletion was requested; kubectl then shows the pod as `Terminating`.
    @Timestamp public var deletionTimestamp: Date?
    @OmitEmpty public var labels: [String: String] = [:]
    @OmitEmpty public var annotations: [String: String] = [:]
    @OmitEmpty public var ownerReferences: [OwnerReference] = []

    public init(
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

    public static var emptyValue: ObjectMeta { ObjectMeta() }

    /// The owner that manages this object (`controller: true`), as the StatefulSet owns `kafka-0`.
    public var controller: OwnerReference? {
        ownerReferences.first { $0.controller == true }
    }
}

/// A link from an object to the object that owns it.
public struct OwnerReference: Codable, Sendable, Equatable {
    @OmitEmpty public var apiVersion: String = ""
    @OmitEmpty public var kind: String = ""
    @OmitEmpty public var name: String = ""
    @OmitEmpty public var uid: String = ""
    /// True for the managing controller; at most one owner has it.
    public var controller: Bool?

    public init(apiVersion: String = "", kind: String, name: String, uid: String = "", controller: Bool? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
    }
}

/// The metadata of a list (`metav1.ListMeta`): where a watch resumes, and where the next page starts.
public struct ListMeta: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty public var resourceVersion: String = ""
    /// The token for the next page of a chunked list; empty on the last page.
    @OmitEmpty public var `continue`: String = ""
    /// How many items the remaining pages hold, when the server knows.
    public var remainingItemCount: Int64?

    public init(resourceVersion: String = "", continue: String = "", remainingItemCount: Int64? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
        self.remainingItemCount = remainingItemCount
    }

    public static var emptyValue: ListMeta { ListMeta() }
}

/// A list response (`PodList`, `EventList`...): the items and the list's metadata.
public struct ObjectList<Item: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    @OmitEmpty public var kind: String = ""
    @OmitEmpty public var apiVersion: String = ""
    @OmitEmpty public var metadata: ListMeta = ListMeta()
    /// The API writes `"items": null` for an empty list at times; that decodes as `[]`.
    @OmitEmpty public var items: [Item] = []

    public init(metadata: ListMeta = ListMeta(), items: [Item]) {
        self.metadata = metadata
        self.items = items
    }
}

public typealias PodList = ObjectList<Pod>
public typealias EventList = ObjectList<Event>
public typealias StatefulSetList = ObjectList<StatefulSet>
public typealias DeploymentList = ObjectList<Deployment>
public typealias ReplicaSetList = ObjectList<ReplicaSet>
