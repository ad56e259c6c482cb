import Foundation

/// One line of a watch stream (`{"type":"ADDED","object":{...}}`).
///
/// The object's shape depends on the type: a BOOKMARK carries only a resource version and an
/// ERROR carries a ``Status``, so the type is read first and decides how the object is decoded.
package enum WatchEvent<Object: Codable & Sendable & Equatable>: Sendable, Equatable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// The stream has seen everything up to this resource version; resume a watch from here.
    case bookmark(resourceVersion: String)
    /// The watch failed; a ``Status/isResourceVersionExpired`` error means list again.
    case error(Status)
}

extension WatchEvent: Decodable {
    private enum CodingKeys: String, CodingKey { case type, object }

    private struct Bookmark: Decodable {
        @OmitEmpty var metadata: ListMeta = ListMeta()
    }

    package init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "ADDED": self = .added(try container.decode(Object.self, forKey: .object))
        case "MODIFIED": self = .modified(try container.decode(Object.self, forKey: .object))
        case "DELETED": self = .deleted(try container.decode(Object.self, forKey: .object))
        case "BOOKMARK":
            let bookmark = try container.decode(Bookmark.self, forKey: .object)
            self = .bookmark(resourceVersion: bookmark.metadata.resourceVersion)
        case "ERROR": self = .error(try container.decode(Status.self, forKey: .object))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "watch event type \"\(type)\" is none of ADDED, MODIFIED, DELETED, BOOKMARK, ERROR")
        }
    }
}

extension WatchEvent: Encodable {
    // Lets tests and the API stand-in write watch streams exactly as the server does.
    package func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .added(let object):
            try container.encode("ADDED", forKey: .type)
            try container.encode(object, forKey: .object)
        case .modified(let object):
            try container.encode("MODIFIED", forKey: .type)
            try container.encode(object, forKey: .object)
        case .deleted(let object):
            try container.encode("DELETED", forKey: .type)
            try container.encode(object, forKey: .object)
        case .bookmark(let resourceVersion):
            try container.encode("BOOKMARK", forKey: .type)
            try container.encode(["metadata": ["resourceVersion": resourceVersion]], forKey: .object)
        case .error(let status):
            try container.encode("ERROR", forKey: .type)
            try container.encode(status, forKey: .object)
        }
    }
}
