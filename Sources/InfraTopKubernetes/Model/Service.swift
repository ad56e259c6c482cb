import Foundation

/// A core/v1 Service, limited to what tunnelling needs: which pods it selects and which of
/// their ports each of its ports goes to.
package struct Service: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty package var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty package var spec: Spec = Spec()

    package init(metadata: ObjectMeta = ObjectMeta(), spec: Spec = Spec()) {
        self.metadata = metadata
        self.spec = spec
    }

    package static var emptyValue: Service { Service() }

    package struct Spec: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty package var selector: [String: String] = [:]
        @OmitEmpty package var ports: [Port] = []

        init(selector: [String: String] = [:], ports: [Port] = []) {
            self.selector = selector
            self.ports = ports
        }

        package static var emptyValue: Spec { Spec() }
    }

    package struct Port: Codable, Sendable, Equatable {
        @OmitEmpty package var name: String = ""
        @OmitEmpty package var port: Int = 0
        /// A number, or the name of a container port; absent means the same as `port`.
        package var targetPort: PortTarget?

        init(name: String = "", port: Int, targetPort: PortTarget? = nil) {
            self.name = name
            self.port = port
            self.targetPort = targetPort
        }
    }

    /// `targetPort`: an `IntOrString`.
    package enum PortTarget: Codable, Sendable, Equatable {
        case number(Int)
        case name(String)

        package init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self = .number(number)
            } else {
                let text = try container.decode(String.self)
                self = Int(text).map(PortTarget.number) ?? .name(text)
            }
        }

        package func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let number): try container.encode(number)
            case .name(let name): try container.encode(name)
            }
        }
    }

    /// Whether the Service selects `pod` (an empty selector selects none: its endpoints are managed by hand).
    package func selects(_ pod: Pod) -> Bool {
        !spec.selector.isEmpty && spec.selector.allSatisfy { pod.metadata.labels[$0.key] == $0.value }
    }
}
