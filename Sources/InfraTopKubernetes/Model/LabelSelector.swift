import Foundation

/// A label query (`metav1.LabelSelector`): how a StatefulSet or Deployment finds its pods.
package struct LabelSelector: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty package var matchLabels: [String: String] = [:]
    @OmitEmpty package var matchExpressions: [Requirement] = []

    package init(matchLabels: [String: String] = [:], matchExpressions: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    package static var emptyValue: LabelSelector { LabelSelector() }

    /// One `key operator values` term.
    package struct Requirement: Codable, Sendable, Equatable {
        @OmitEmpty package var key: String = ""
        /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
        @OmitEmpty package var `operator`: String = ""
        @OmitEmpty package var values: [String] = []

        package init(key: String, operator: String, values: [String] = []) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }
    }

    /// Whether a set of labels satisfies every term, as the API server evaluates it.
    /// An empty selector matches everything; an unknown operator matches nothing.
    package func matches(_ labels: [String: String]) -> Bool {
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
