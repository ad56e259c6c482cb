/// Why a theme could not be used, pinned to the file, line and key where a person can fix it.
///
/// ``description`` reads like a compiler diagnostic:
/// `themes/bad.yaml:7: roles.bordr: unknown role (known: background, text, …)`.
package struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The theme file as the user named it, or the theme name when no file was found.
    package var file: String
    /// The 1-based line of the offending key or value, when the error has one.
    package var line: Int?
    /// The dotted path of the offending key (`roles.ok.fg`), when the error has one.
    package var key: String?
    /// What is wrong and, where it helps, what would be right.
    package var message: String

    /// An error in `file`, at `line` and `key` when the problem has them.
    package init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: key: message`, leaving out the parts the error does not have.
    package var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let key { text += "\(key): " }
        return text + message
    }
}
