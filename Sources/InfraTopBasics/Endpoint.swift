/// A host and port, as `HOST:PORT` or `[IPv6]:PORT`.
package struct Endpoint: Hashable, Sendable, Codable, CustomStringConvertible {
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, `[::1]:PORT`, or a bare host when `defaultPort` is given.
    package init(parsing text: String, defaultPort: Int? = nil) throws(ConfigurationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var host = trimmed
        var portText: Substring?
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else {
                throw ConfigurationError("\"\(text)\" is not HOST:PORT: an IPv6 address needs a closing ]")
            }
            host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let rest = trimmed[trimmed.index(after: close)...]
            if rest.hasPrefix(":") { portText = rest.dropFirst() } else if !rest.isEmpty {
                throw ConfigurationError("\"\(text)\" is not HOST:PORT")
            }
        } else if let colon = trimmed.lastIndex(of: ":") {
            host = String(trimmed[..<colon])
            portText = trimmed[trimmed.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" || $0 == ":" && !trimmed.hasPrefix("[") }) else {
            throw ConfigurationError("\"\(text)\" is not HOST:PORT")
        }
        let port: Int
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw ConfigurationError("\"\(text)\" has no valid port: use a number from 1 to 65535")
            }
            port = value
        } else if let defaultPort {
            port = defaultPort
        } else {
            throw ConfigurationError("\"\(text)\" has no port: write HOST:PORT")
        }
        self.init(host: host, port: port)
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// A comma-separated list such as `kafka-0:9092,kafka-1:9092`.
    package static func parseList(_ text: String, defaultPort: Int? = nil) throws(ConfigurationError) -> [Endpoint] {
        let parts = text.split(separator: ",").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !parts.isEmpty else { throw ConfigurationError("no address given: write HOST:PORT[,HOST:PORT...]") }
        var endpoints: [Endpoint] = []
        for part in parts { endpoints.append(try Endpoint(parsing: part, defaultPort: defaultPort)) }
        return endpoints
    }
}

import Foundation
