import Foundation

extension KubernetesClient {
    /// Lists every object of a resource in a namespace, page by page (`limit`/`continue`).
    ///
    /// The result's resource version is the first page's, the snapshot the pages belong to, so a
    /// watch started from it misses nothing. If a continue token expires mid-way, the list starts
    /// over in one unpaged request, as client-go's pager does.
    package func list<Item: Codable & Sendable & Equatable>(_ resource: KubernetesResource, namespace: String,
                                                            as type: Item.Type = Item.self) async throws -> ObjectList<Item> {
        try await list(resource, in: namespace, fieldSelector: nil, as: type)
    }

    /// Lists across the cluster (nodes; every namespace's pods), optionally only the objects a
    /// field selector picks (`spec.nodeName=w1,status.phase!=Succeeded`), as kubectl does.
    package func listClusterWide<Item: Codable & Sendable & Equatable>(_ resource: KubernetesResource, fieldSelector: String? = nil,
                                                                       as type: Item.Type = Item.self) async throws -> ObjectList<Item> {
        try await list(resource, in: nil, fieldSelector: fieldSelector, as: type)
    }

    private func list<Item: Codable & Sendable & Equatable>(_ resource: KubernetesResource, in namespace: String?, fieldSelector: String?,
                                                            as type: Item.Type) async throws -> ObjectList<Item> {
        let purpose = RequestPurpose(verb: "list", resource: resource.plural, namespace: namespace)
        var items: [Item] = []
        var resourceVersion = ""
        var token = ""
        var paged = configuration.pageSize > 0
        repeat {
            var query: [(String, String)] = []
            if paged { query.append(("limit", String(configuration.pageSize))) }
            if !token.isEmpty { query.append(("continue", token)) }
            if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }
            let page: ObjectList<Item>
            do {
                page = try await fetchPage(resource, namespace: namespace, query: query, purpose: purpose)
            } catch let error as KubernetesError where error.kind == .expired && !token.isEmpty {
                paged = false
                token = ""
                items = []
                resourceVersion = ""
                continue
            }
            if resourceVersion.isEmpty { resourceVersion = page.metadata.resourceVersion }
            items += page.items
            token = paged ? page.metadata.continue : ""
        } while !token.isEmpty
        return ObjectList(metadata: ListMeta(resourceVersion: resourceVersion), items: items)
    }

    private func fetchPage<Item: Codable & Sendable & Equatable>(_ resource: KubernetesResource, namespace: String?, query: [(String, String)],
                                                                 purpose: RequestPurpose) async throws -> ObjectList<Item> {
        let path = namespace.map { resource.path(namespace: $0) } ?? resource.clusterPath
        let response = try await open(path: path, query: query, purpose: purpose,
                                      deadline: Self.deadline(configuration.requestTimeout))
        let data = try await collect(response, limit: configuration.maximumResponseBytes, purpose: purpose)
        do {
            return try JSONDecoder().decode(ObjectList<Item>.self, from: data)
        } catch {
            throw KubernetesError(.invalidResponse, "The answer to \(purpose.description) is not a \(resource.plural) list: \(DecodingFailure.describe(error))")
        }
    }
}

/// A decoding error without the JSON values it saw: the coding path and what was wrong.
enum DecodingFailure {
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .typeMismatch(_, let context): return "\(path(context)) has the wrong type"
        case .valueNotFound(_, let context): return "\(path(context)) is null"
        case .keyNotFound(let key, let context): return "\(path(context)) lacks \(key.stringValue)"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not JSON" : "\(path(context)) is malformed"
        @unknown default: return "not readable"
        }
    }
}
