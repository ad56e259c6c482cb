import InfraTopBasics

/// A failed API request, as one sentence a person can act on; never holds a credential.
package struct KubernetesError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// 401, after one refresh of refreshable credentials.
        case unauthorized
        /// 403: RBAC said no.
        case forbidden
        /// 410: the resource version or continue token is too old; list again.
        case expired
        case notFound
        /// Another HTTP status from the server.
        case server
        /// Connection refused, DNS failure, reset.
        case transport
        case tls
        case timeout
        /// The server's answer could not be read (not JSON, line too long).
        case invalidResponse
        /// The kubeconfig or a credential source is unusable.
        case configuration
    }

    package var kind: Kind
    package var message: String
    /// The HTTP status, when the server answered.
    package var statusCode: Int?

    package init(_ kind: Kind, _ message: String, statusCode: Int? = nil) {
        self.kind = kind
        self.message = message
        self.statusCode = statusCode
    }

    package var description: String { message }

    /// The same sentence as a collector error.
    package var collectorError: CollectorError { CollectorError(message) }
}

/// What a request was for, to word its errors: "list pods in namespace e-commerce-saga".
package struct RequestPurpose: Sendable, Equatable {
    package var verb: String
    package var resource: String
    package var namespace: String?
    package var name: String?

    package init(verb: String, resource: String, namespace: String? = nil, name: String? = nil) {
        self.verb = verb
        self.resource = resource
        self.namespace = namespace
        self.name = name
    }

    package var description: String {
        var text = "\(verb) \(resource)"
        if let name { text += " \(name)" }
        if let namespace { text += " in namespace \(namespace)" }
        return text
    }
}

extension KubernetesError {
    /// Maps an HTTP error answer, with the `Status` the server sent if any, to a sentence.
    package static func from(statusCode: Int, status: Status?, purpose: RequestPurpose, context: String, server: String) -> KubernetesError {
        let detail = status.flatMap { $0.message.isEmpty ? nil : $0.message }
        switch statusCode {
        case 401:
            return KubernetesError(.unauthorized, "Unauthorized for context \(context): the API server at \(server) rejected the credentials; log in again or check the kubeconfig user", statusCode: 401)
        case 403:
            return KubernetesError(.forbidden, "RBAC forbids \(purpose.description)" + (detail.map { ": \($0)" } ?? ""), statusCode: 403)
        case 404:
            return KubernetesError(.notFound, "Not found: \(purpose.description)" + (detail.map { " (\($0))" } ?? ""), statusCode: 404)
        case 410:
            return KubernetesError(.expired, "The API server at \(server) expired the resource version for \(purpose.description)" + (detail.map { ": \($0)" } ?? ""), statusCode: 410)
        case 429:
            return KubernetesError(.server, "The API server at \(server) is throttling requests (429) to \(purpose.description)" + (detail.map { ": \($0)" } ?? ""), statusCode: 429)
        default:
            let reason = status.flatMap { $0.reason.isEmpty ? nil : $0.reason }
            let what = [reason, detail].compactMap { $0 }.joined(separator: ": ")
            return KubernetesError(.server, "The API server at \(server) answered \(statusCode) to \(purpose.description)" + (what.isEmpty ? "" : ": \(what)"), statusCode: statusCode)
        }
    }
}
