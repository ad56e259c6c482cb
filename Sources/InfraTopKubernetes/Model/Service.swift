import Foundation

/// A core/v1 Service, limited to what tunnelling needs: which pods it selects and which of
/// their ports each of its ports goes to.
public struct Service: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty public var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty public var spec: Spec = Spec()

    public init(metadata: ObjectMeta = ObjectMeta(), spec: Spec = Spec()) {
        self.metadata = metadata
        self.spec = spec
    }

    public static var emptyValue: Service { Service() }

    public struct Spec: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty public var selector: [String: String] = [:]
        @OmitEmpty public var ports: [Port] = []

        public init(selector: [String: String] = [:], ports: [Port] = []) {
            self.selector = selector
            self.ports = ports
        }

        public static var emptyValue: Spec { Spec() }
    }

    public struct Port: Codable, Sendable, Equatable {
        @OmitEmpty public var name: String = ""
        @OmitEmpty public var port: Int = 0
        /// A number, or the name of a container port; absent means the same as `port`.
        public var targetPort: PortTarget?

        public init(name: String = "", port: Int, targetPort: PortTarget? = nil) {
            self.name = name
            self.port = port
            self.targetPort = targetPort
        }
    }

    /// `targetPort`: an `IntOrString`.
    public enum PortTarget: Codable, Sendable, Equatable {
        case number(Int)
        case name(String)

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self = .number(number)
            } else {
                let text = try container.decode(String.self)
                self = Int(text).map(PortTarget.number) ?? .name(text)
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let number): try container.encode(number)
            case .name(let name): try container.encode(name)
            }
        }
    }

    /// Whether the Service selects `pod` (an empty selector selects none: its endpoints are managed by hand).
    public func selects(_ pod: Pod) -> Bool {
        !spec.selector.isEmpty && spec.selector.allSatisfy { pod.metadata.labels[$0.key] == $0.value }
    }
}
