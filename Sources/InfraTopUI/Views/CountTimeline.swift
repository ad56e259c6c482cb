import Foundation
import InfraTopCore

/// A count over the history window (partitions under min ISR, brokers listed), one column per
/// slice of time, newest at the right, scaled to the window's largest value: the highest
/// sample of each column is drawn, so a short spike is never averaged away, and columns
/// without a sample stay blank.
struct CountTimeline {
    var samples: [(at: Date, count: Int)]
    var end: Date
    var duration: TimeInterval

    /// The largest count in the window; nil without samples.
    var maximum: Int? {
        let start = end.addingTimeInterval(-duration)
        return samples.filter { $0.at > start && $0.at <= end }.map(\.count).max()
    }

    func text(columns: Int, levels: [String]) -> String {
        guard columns > 0, duration > 0, !levels.isEmpty, let top = maximum else { return String(repeating: " ", count: max(0, columns)) }
        let start = end.addingTimeInterval(-duration)
        var highest = [Int?](repeating: nil, count: columns)
        for sample in samples where sample.at > start && sample.at <= end {
            let column = min(columns - 1, Int(sample.at.timeIntervalSince(start) / duration * Double(columns)))
            highest[column] = max(highest[column] ?? sample.count, sample.count)
        }
        return highest.map { count in
            guard let count else { return " " }
            let fraction = top > 0 ? Double(count) / Double(top) : 0
            return levels[min(levels.count - 1, Int((fraction * Double(levels.count - 1)).rounded()))]
        }.joined()
    }
}
