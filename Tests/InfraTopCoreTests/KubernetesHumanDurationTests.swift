import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopKubernetes

/// Expected strings are what apimachinery's `duration.HumanDuration` / `ShortHumanDuration`
/// return for the same durations (see its `duration_test.go` for the boundaries).
@Suite struct KubernetesHumanDurationTests {
    static let minute: TimeInterval = 60
    static let hour: TimeInterval = 3600
    static let day: TimeInterval = 86_400
    static let year: TimeInterval = 365 * day

    static let longCases: [(TimeInterval, String)] = [
        // Clock skew: up to, not including, two seconds in the future reads 0s.
        (-2.0, "<invalid>"),
        (-1.999, "0s"),
        (-1.0, "0s"),
        (-0.5, "0s"),
        (0, "0s"),
        (0.999, "0s"),
        (1, "1s"),
        (59, "59s"),
        (60, "60s"),
        (119, "119s"),
        // Minutes with seconds below ten minutes.
        (2 * minute, "2m"),
        (2 * minute + 50, "2m50s"),
        (9 * minute + 59, "9m59s"),
        // Whole minutes below three hours.
        (10 * minute, "10m"),
        (10 * minute + 59, "10m"),
        (14 * minute + 20, "14m"),
        (179 * minute + 59, "179m"),
        // Hours with minutes below eight hours.
        (3 * hour, "3h"),
        (3 * hour + 1 * minute, "3h1m"),
        (7 * hour + 59 * minute + 59, "7h59m"),
        // Whole hours below two days.
        (8 * hour, "8h"),
        (47 * hour + 59 * minute, "47h"),
        // Days with hours below eight days.
        (2 * day, "2d"),
        (3 * day + 4 * hour, "3d4h"),
        (7 * day + 23 * hour, "7d23h"),
        // Whole days below two years.
        (8 * day, "8d"),
        (400 * day + 5 * hour, "400d"),
        (2 * year - 1, "729d"),
        // Years with days below eight years.
        (2 * year, "2y"),
        (2 * year + 30 * day, "2y30d"),
        (8 * year - 1, "7y364d"),
        // Whole years.
        (8 * year, "8y"),
        (12 * year + 100 * day, "12y"),
    ]

    static let shortCases: [(TimeInterval, String)] = [
        (-2.0, "<invalid>"),
        (-1.5, "0s"),
        (0, "0s"),
        (59, "59s"),
        (60, "1m"),
        (59 * minute + 59, "59m"),
        (hour, "1h"),
        (23 * hour + 59 * minute, "23h"),
        (day, "1d"),
        (364 * day, "364d"),
        (365 * day, "1y"),
        (3 * year + 200 * day, "3y"),
    ]

    @Test(arguments: longCases)
    func humanDuration(seconds: TimeInterval, expected: String) {
        #expect(HumanDuration.format(seconds) == expected)
    }

    @Test(arguments: shortCases)
    func shortHumanDuration(seconds: TimeInterval, expected: String) {
        #expect(HumanDuration.formatShort(seconds) == expected)
    }

    @Test func ageOfTimestamp() throws {
        let now = try #require(RFC3339.date(from: "2026-11-25T10:00:00Z"))
        let created = try #require(RFC3339.date(from: "2026-11-25T09:45:40Z"))
        #expect(HumanDuration.age(of: created, at: now) == "14m")
        #expect(HumanDuration.age(of: nil, at: now) == "<unknown>")
    }

    @Test func fractionalTimestampsDoNotLoseASecondToRounding() throws {
        // Float noise in Date arithmetic must not turn 2m into 119s.
        let created = try #require(RFC3339.date(from: "2026-11-25T09:57:59.123456Z"))
        let now = try #require(RFC3339.date(from: "2026-11-25T09:59:59.123456Z"))
        #expect(HumanDuration.age(of: created, at: now) == "2m")
    }
}
