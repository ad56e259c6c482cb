import NIOCore

/// One command sent to Redis: its name and arguments, encoded as an array of bulk strings.
///
/// The description redacts credentials, so a command can be logged or shown in
/// an error without leaking the password given to `AUTH` or `HELLO ... AUTH`.
package struct RedisCommand: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package var arguments: [String]

    package init(_ arguments: [String]) {
        self.arguments = arguments
    }

    package init(_ arguments: String...) {
        self.arguments = arguments
    }

    /// The command name in upper case, as the server matches it.
    package var name: String { arguments.first?.uppercased() ?? "" }

    /// The command with every password replaced by `***`.
    package var description: String {
        var shown = arguments
        switch name {
        case "AUTH":
            // AUTH password | AUTH username password: the last argument is always the secret.
            if shown.count > 1 { shown[shown.count - 1] = "***" }
        case "HELLO":
            if let auth = shown.firstIndex(where: { $0.uppercased() == "AUTH" }), auth + 2 < shown.count {
                shown[auth + 2] = "***"
            }
        default:
            break
        }
        return shown.joined(separator: " ")
    }

    package var debugDescription: String { "RedisCommand(\(description))" }

    /// `dump()` and debuggers see the redacted form too.
    package var customMirror: Mirror {
        Mirror(self, children: ["command": description])
    }
}

extension ByteBuffer {
    /// Writes `command` as RESP: an array of bulk strings, which every Redis version accepts.
    @discardableResult
    package mutating func writeRedisCommand(_ command: RedisCommand) -> Int {
        var written = writeString("*\(command.arguments.count)\r\n")
        for argument in command.arguments {
            written += writeString("$\(argument.utf8.count)\r\n")
            written += writeString(argument)
            written += writeString("\r\n")
        }
        return written
    }
}
