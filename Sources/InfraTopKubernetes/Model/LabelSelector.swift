import Foundation

/// A label query (`metav1.LabelSelector`): how a StatefulSet or Deployment finds its pods.
public struct LabelSelector: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty public var matchLabels: [String: String] = [:]
    @OmitEmpty public var matchExpressions: [Requirement] = []

    public init(matchLabels: [String: String] = [:], matchExpressions: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    public static var emptyValue: LabelSelector { LabelSelector() }

    /// One `key operator values` term.
    public struct Requirement: Codable, Sendable, Equatable {
        @OmitEmpty public var key: String = ""
        /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
        @OmitEmpty public var `operator`: String = ""
        @OmitEmpty public var values: [String] = []

        public init(key: String, operator: String, values: [String] = []) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }
    }

    /// Whether a set of labels satisfies every term, as the API server evaluates it.
    /// An empty selector matches everything; an unknown operator matches nothing.
    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value {
            return false
        }
        return matchExpressions.allSatisfy { requirement in
            let value = labels[requirement.key]
            switch requirement.operator {
            case "In": return value.map(requirement.values.contains) ?? false
            case "NotIn": return value.map { !requirement.values.contains($0) } ?? true
            case "Exists": return value != nil
            case "DoesNotExist": return value == nil
            default: return false
            }
        }
    }
}
