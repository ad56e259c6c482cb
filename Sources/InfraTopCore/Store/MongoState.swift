import Foundation
import InfraTopMongo

/// What the dashboard knows of MongoDB: the last good sample and the rates since the one before
/// it. Its history lives with the others, in ``ClusterHistory/mongodb``.
package struct MongoState: Sendable {
    package private(set) var sample: MongoSample
    package private(set) var rates: MongoRates

    package init(first sample: MongoSample) {
        self.sample = sample
        self.rates = MongoRates(previous: nil, current: sample)
    }

    /// Takes a new sample; rates come from the difference to the previous one.
    package mutating func record(_ next: MongoSample) {
        rates = MongoRates(previous: sample, current: next)
        sample = next
    }
}

extension MongoRates {
    /// Operations of every kind per second, as mongostat's columns add up; nil unless every kind has a rate.
    package var operations: Double? {
        guard let inserts, let queries, let updates, let deletes, let getmores, let commands else { return nil }
        return inserts + queries + updates + deletes + getmores + commands
    }
}
