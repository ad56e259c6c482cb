import Foundation
import InfraTopBasics

/// How much of a node the scheduler can still give: its allocatable memory and CPU less what the
/// pods placed on it request, as `kubectl describe node` adds up under "Allocated resources".
package struct NodeRoom: Sendable, Equatable, Codable {
    package var node: String
    /// Bytes; nil when the node does not say.
    package var allocatableMemory: Double?
    package var requestedMemory: Double
    /// Cores; nil when the node does not say.
    package var allocatableCPU: Double?
    package var requestedCPU: Double

    package init(node: String, allocatableMemory: Double?, requestedMemory: Double, allocatableCPU: Double?, requestedCPU: Double) {
        self.node = node
        self.allocatableMemory = allocatableMemory
        self.requestedMemory = requestedMemory
        self.allocatableCPU = allocatableCPU
        self.requestedCPU = requestedCPU
    }

    package var freeMemory: Double? { allocatableMemory.map { $0 - requestedMemory } }
    package var freeCPU: Double? { allocatableCPU.map { $0 - requestedCPU } }
}

/// What the nodes could be read to say, for a namespace with a pod the scheduler cannot place.
package enum NodeRooms: Sendable, Equatable, Codable {
    /// Each node's room as of `readAt`; `everyNamespace` is false when only this namespace's pods
    /// could be counted (the Role cannot list pods across namespaces), so the room shown is too large.
    case read([NodeRoom], everyNamespace: Bool, readAt: Date)
    /// The Role cannot read nodes; the gap says which rule would let it.
    case forbidden(ResourceGap)
    /// More nodes than are read one by one; `kubectl describe nodes` has them.
    case tooMany(Int)
    /// The read failed; the sentence says why.
    case failed(String)
}

/// Reads the nodes' room while a pod of the namespace cannot be scheduled, read-only and
/// sparingly: at most once per ``Limits/interval``, one node list and one pod list per node
/// (the field selector kubectl uses, less this namespace, whose pods the cache already has),
/// for at most ``Limits/maximumNodes`` nodes.
final class NodeRoomReader: Sendable {
    struct Limits: Sendable {
        var interval: TimeInterval = 30
        var maximumNodes = 16
    }

    private struct State: Sendable {
        var rooms: NodeRooms?
        var readAt: Date?
        var reading = false
    }

    private let client: KubernetesClient
    private let namespace: String
    private let limits: Limits
    private let state = Locked(State())

    init(client: KubernetesClient, namespace: String, limits: Limits = Limits()) {
        self.client = client
        self.namespace = namespace
        self.limits = limits
    }

    /// The last rooms read, starting a new read when one is due; nil while no pod waits for a node.
    /// `pods` are the namespace's, counted when the Role cannot list pods across namespaces.
    func rooms(needed: Bool, pods: [Pod], at now: Date) -> NodeRooms? {
        guard needed else {
            state.withLock { $0 = State() }
            return nil
        }
        let start = state.withLock { state -> Bool in
            guard !state.reading, state.readAt.map({ now.timeIntervalSince($0) >= limits.interval }) ?? true else { return false }
            state.reading = true
            return true
        }
        if start {
            let namespacePods = pods
            Task { [self] in
                let rooms = await read(namespacePods: namespacePods)
                state.withLock {
                    $0.rooms = rooms
                    $0.readAt = Date()
                    $0.reading = false
                }
            }
        }
        return state.withLock { $0.rooms }
    }

    /// True while a read runs.
    var isReading: Bool { state.withLock { $0.reading } }

    private func read(namespacePods: [Pod]) async -> NodeRooms {
        let nodes: [KubernetesNode]
        do {
            nodes = try await client.listClusterWide(.nodes, as: KubernetesNode.self).items
        } catch let error as KubernetesError {
            if let gap = ResourceGap(resource: .nodes, failure: error) { return .forbidden(gap) }
            return .failed(error.message)
        } catch {
            return .failed("\(error)")
        }
        guard nodes.count <= limits.maximumNodes else { return .tooMany(nodes.count) }
        var everyNamespace = true
        var rooms: [NodeRoom] = []
        for node in nodes.sorted(by: { $0.metadata.name < $1.metadata.name }) {
            let name = node.metadata.name
            var placed = namespacePods.filter { $0.spec.nodeName == name && $0.status.phase != "Failed" && $0.status.phase != "Succeeded" }
            do {
                let selector = "spec.nodeName=\(name),metadata.namespace!=\(namespace),status.phase!=Failed,status.phase!=Succeeded"
                placed += try await client.listClusterWide(.pods, fieldSelector: selector, as: Pod.self).items
            } catch let error as KubernetesError where ResourceGap(resource: .pods, failure: error) != nil {
                // A namespaced Role: this namespace's pods only, and the room shown is an upper bound.
                everyNamespace = false
            } catch let error as KubernetesError {
                return .failed(error.message)
            } catch {
                return .failed("\(error)")
            }
            let requests = placed.map(PodRequests.init)
            rooms.append(NodeRoom(
                node: name,
                allocatableMemory: node.status.allocatable["memory"].flatMap(Quantity.value),
                requestedMemory: requests.compactMap(\.memory).reduce(0, +),
                allocatableCPU: node.status.allocatable["cpu"].flatMap(Quantity.value),
                requestedCPU: requests.compactMap(\.cpu).reduce(0, +)))
        }
        return .read(rooms, everyNamespace: everyNamespace, readAt: Date())
    }
}
