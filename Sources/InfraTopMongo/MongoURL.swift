import InfraTopBasics

/// Which mongod to watch and how to log in, from `mongodb://[user@]host[:port][/[database]][?options]`.
///
/// The URL never carries the password: one written there would end up in shell history, process
/// listings and config files, so it is refused; the password is given separately (an environment
/// variable or a file) and held as a ``Secret``. Options: `tls` (or `ssl`) `=true|false`,
/// `authSource`, `authMechanism` (SCRAM-SHA-256 only), and `directConnection`, `replicaSet` and
/// `appName`, accepted and ignored: infratop always talks to the one host named.
package struct MongoURL: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    package var host: String
    package var port: Int
    package var usesTLS: Bool
    /// The user to authenticate as; nil means no authentication.
    package var username: String?
    /// Where the user is defined: `authSource`, else the URL's database, else `admin` (the
    /// connection string spec's order).
    package var authSource: String
    /// Given separately, never parsed from the URL; nil without authentication.
    package var password: Secret?

    /// The port mongod listens on unless told otherwise.
    package static let defaultPort = 27017

    package init(host: String, port: Int = MongoURL.defaultPort, usesTLS: Bool = false, username: String? = nil,
                 authSource: String = "admin", password: Secret? = nil) {
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
        self.username = username
        self.authSource = authSource
        self.password = password
    }

    /// Parses a `mongodb://` URL. Throws a sentence that names what is wrong but never repeats the
    /// URL's user part, in case a password hides there.
    package init(parsing url: String, password: Secret? = nil) throws(CollectorError) {
        guard url.hasPrefix("mongodb://") else {
            if url.hasPrefix("mongodb+srv://") {
                throw CollectorError("mongodb+srv:// URLs need a DNS SRV lookup that infratop does not do — give mongodb://HOST:PORT of the server to watch")
            }
            throw CollectorError("MongoDB URL must start with mongodb://")
        }
        var rest = Substring(url.dropFirst("mongodb://".count))
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var authority = rest
        var database: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            database = rest[rest.index(after: slash)...]
        }

        var username: String?
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if credentials.contains(":") {
                throw CollectorError("the MongoDB URL carries a password; remove it from the URL and give it through MONGODB_PASSWORD or a password file")
            }
            username = Self.percentDecoded(credentials)
            if username?.isEmpty == true { username = nil }
        }
        guard !authority.contains(",") else {
            throw CollectorError("the MongoDB URL names several hosts; infratop watches one mongod — give one HOST:PORT")
        }

        var host = authority
        var port = Self.defaultPort
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw CollectorError("MongoDB URL has an unclosed [ in its IPv6 address")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let afterHost = authority[authority.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":"), let parsed = Int(afterHost.dropFirst()) else {
                    throw CollectorError("MongoDB URL has an invalid port after its IPv6 address")
                }
                port = parsed
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let parsed = Int(authority[authority.index(after: colon)...]) else {
                throw CollectorError("MongoDB URL has an invalid port; expected a number such as 27017")
            }
            port = parsed
        }
        guard !host.isEmpty else { throw CollectorError("MongoDB URL has no host name") }
        guard (1...65535).contains(port) else { throw CollectorError("MongoDB URL port \(port) is outside 1–65535") }

        var usesTLS = false
        var authSource: String?
        for option in query.split(separator: "&") where !option.isEmpty {
            let pair = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count == 2 ? Self.percentDecoded(pair[1]) : ""
            switch name.lowercased() {
            case "tls", "ssl":
                switch value.lowercased() {
                case "true": usesTLS = true
                case "false": usesTLS = false
                default: throw CollectorError("MongoDB URL option \(name) must be true or false")
                }
            case "authsource":
                guard !value.isEmpty else { throw CollectorError("MongoDB URL option authSource is empty") }
                authSource = value
            case "authmechanism":
                guard value == "SCRAM-SHA-256" else {
                    throw CollectorError("MongoDB URL asks for authMechanism \(value); infratop speaks SCRAM-SHA-256 only")
                }
            case "directconnection", "replicaset", "appname":
                break
            default:
                throw CollectorError("MongoDB URL option \(name) is not one infratop knows (tls, authSource, authMechanism, directConnection, replicaSet, appName)")
            }
        }
        let databaseName = Self.percentDecoded(database)
        self.init(host: String(host), port: port, usesTLS: usesTLS, username: username,
                  authSource: authSource ?? (databaseName.isEmpty ? "admin" : databaseName), password: password)
    }

    /// `host:port` as people write it, with brackets around an IPv6 address.
    package var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The URL as given, never with a password: `mongodb://monitor@mongodb:27017/?tls=true&authSource=admin`.
    package var description: String {
        let user = username.map { "\($0)@" } ?? ""
        var options: [String] = []
        if usesTLS { options.append("tls=true") }
        if username != nil { options.append("authSource=\(authSource)") }
        return "mongodb://\(user)\(address)" + (options.isEmpty ? "" : "/?" + options.joined(separator: "&"))
    }

    package var debugDescription: String {
        "MongoURL(\(description), password: \(password == nil ? "none" : "set"))"
    }

    private static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var rest = Array(text.utf8)[...]
        while let byte = rest.popFirst() {
            if byte == UInt8(ascii: "%"), rest.count >= 2,
               let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                rest = rest.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
