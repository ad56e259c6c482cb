import InfraTopBasics

/// Where a Redis server listens and how to log in, parsed from a `redis://` or `rediss://` URL.
///
/// A password may come from the URL (`redis://user:secret@host:6379`) or be set
/// separately (from `REDIS_PASSWORD`); either way it never appears in
/// `description` or `debugDescription`.
package struct RedisEndpoint: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package var host: String
    package var port: Int
    /// Whether to speak TLS (`rediss://`).
    package var usesTLS: Bool
    /// The ACL user; nil means Redis's `default` user.
    package var username: String?
    /// The password; nil when the server needs none.
    package var password: String?
    /// The logical database selected after connecting.
    package var database: Int

    /// The port Redis listens on unless told otherwise.
    package static let defaultPort = 6379

    package init(host: String, port: Int = RedisEndpoint.defaultPort, usesTLS: Bool = false, username: String? = nil, password: String? = nil, database: Int = 0) {
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses `redis://[USER[:PASSWORD]@]HOST[:PORT][/DB]` or the same with `rediss://`.
    ///
    /// Throws a ``CollectorError`` that names the problem but never repeats the URL,
    /// since the URL may hold a password.
    package init(url: String) throws(CollectorError) {
        let scheme: String
        let rest: Substring
        if url.hasPrefix("redis://") {
            scheme = "redis"
            rest = url.dropFirst("redis://".count)
        } else if url.hasPrefix("rediss://") {
            scheme = "rediss"
            rest = url.dropFirst("rediss://".count)
        } else {
            throw CollectorError("Redis URL must start with redis:// or rediss://")
        }

        var authority = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }

        var username: String?
        var password: String?
        // The last @ separates credentials, so a password may itself contain @.
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                username = Self.percentDecoded(credentials[..<colon])
                password = Self.percentDecoded(credentials[credentials.index(after: colon)...])
            } else {
                username = Self.percentDecoded(credentials)
            }
            if username?.isEmpty == true { username = nil }
        }

        var host = authority
        var port = Self.defaultPort
        if authority.hasPrefix("[") {
            // IPv6 literal: [::1]:6379
            guard let close = authority.firstIndex(of: "]") else {
                throw CollectorError("Redis URL has an unclosed [ in its IPv6 address")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let afterHost = authority[authority.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":"), let parsed = Int(afterHost.dropFirst()) else {
                    throw CollectorError("Redis URL has an invalid port after its IPv6 address")
                }
                port = parsed
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let parsed = Int(authority[authority.index(after: colon)...]) else {
                throw CollectorError("Redis URL has an invalid port; expected a number such as 6379")
            }
            port = parsed
        }
        guard !host.isEmpty else { throw CollectorError("Redis URL has no host name") }
        guard (1...65535).contains(port) else { throw CollectorError("Redis URL port \(port) is outside 1–65535") }

        var database = 0
        let databaseText = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        if !databaseText.isEmpty {
            guard let parsed = Int(databaseText), parsed >= 0 else {
                throw CollectorError("Redis URL database must be a number such as /0")
            }
            database = parsed
        }

        self.init(host: String(host), port: port, usesTLS: scheme == "rediss", username: username, password: password, database: database)
    }

    /// Parses `url` and uses `password` (from `REDIS_PASSWORD` or a password file) when it is not nil,
    /// in preference to one written in the URL.
    package init(url: String, password: String?) throws(CollectorError) {
        try self.init(url: url)
        if let password { self.password = password }
    }

    /// `host:port` as people write it, with brackets around an IPv6 address.
    package var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The URL without any password: `redis://user@host:6379/0`.
    package var description: String {
        let user = username.map { "\($0)@" } ?? ""
        let database = database == 0 ? "" : "/\(database)"
        return "\(usesTLS ? "rediss" : "redis")://\(user)\(address)\(database)"
    }

    package var debugDescription: String {
        "RedisEndpoint(\(description), password: \(password == nil ? "none" : "set"))"
    }

    /// `dump()` and debuggers show the password as `***`, never its value.
    package var customMirror: Mirror {
        Mirror(self, children: [
            "host": host, "port": port, "usesTLS": usesTLS, "username": username as Any,
            "password": password == nil ? "none" : "***", "database": database,
        ])
    }

    private static func percentDecoded(_ text: Substring) -> String {
        // Credentials in URLs are percent-encoded; anything malformed is kept as written.
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
