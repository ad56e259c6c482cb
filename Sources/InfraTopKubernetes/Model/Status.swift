import Foundation

/// The API's answer when a request or a watch fails (kind `Status`): for example
/// `410 Gone`, reason `Expired`, when a watch asks for a resource version that was compacted away.
package struct Status: Codable, Sendable, Equatable, Error, CustomStringConvertible, OmittedWhenEmpty {
    /// `Success` or `Failure`.
    @OmitEmpty package var status: String = ""
    @OmitEmpty package var message: String = ""
    /// A CamelCase cause such as `NotFound`, `Forbidden`, `Expired` or `Gone`.
    @OmitEmpty package var reason: String = ""
    /// The HTTP status code it stands for.
    @OmitEmpty package var code: Int = 0

    package init(status: String = "Failure", message: String = "", reason: String = "", code: Int = 0) {
        self.status = status
        self.message = message
        self.reason = reason
        self.code = code
    }

    package static var emptyValue: Status { Status(status: "") }

    /// True for 410 Gone: the resource version is too old, so a watcher must list again.
    package var isResourceVersionExpired: Bool {
        code == 410 || reason == "Expired" || reason == "Gone"
    }

    package var description: String {
        let cause = message.isEmpty ? (reason.isEmpty ? "no message" : reason) : message
        return code == 0 ? cause : "\(code) \(reason.isEmpty ? "" : reason + ": ")\(cause)"
    }
}
