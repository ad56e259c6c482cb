import Testing
@testable import InfraTopUI

@Suite struct LayoutTests {
    private func widths(_ width: Int, _ constraints: [Constraint], spacing: Int = 0) -> [Int] {
        Layout.columns(Rect(x: 0, y: 0, width: width, height: 1), constraints, spacing: spacing).map(\.width)
    }

    @Test func fixedThenPercentageOfTheWholeThenFillTakesTheRest() {
        let parts = Layout.columns(Rect(x: 0, y: 0, width: 100, height: 3), [.fixed(10), .percentage(50), .fill])
        #expect(parts == [
            Rect(x: 0, y: 0, width: 10, height: 3),
            Rect(x: 10, y: 0, width: 50, height: 3),
            Rect(x: 60, y: 0, width: 40, height: 3),
        ])
    }

    @Test func fillsShareByWeightAndTheLastFillTakesTheRoundingRemainder() {
        #expect(widths(10, [.fill(weight: 1), .fill(weight: 2)]) == [3, 7])
        #expect(widths(10, [.fill, .fill, .fill]) == [3, 3, 4])
        #expect(widths(10, [.fill, .fixed(2), .fill(weight: 0)]) == [8, 2, 0])
    }

    @Test func rowsStackFromTheAreaOrigin() {
        let parts = Layout.rows(Rect(x: 2, y: 5, width: 4, height: 10), [.fixed(1), .fill, .fixed(1)])
        #expect(parts == [
            Rect(x: 2, y: 5, width: 4, height: 1),
            Rect(x: 2, y: 6, width: 4, height: 8),
            Rect(x: 2, y: 14, width: 4, height: 1),
        ])
    }

    @Test func spacingSeparatesPartsAndIsTakenBeforeSharing() {
        let parts = Layout.columns(Rect(x: 0, y: 0, width: 10, height: 1), [.fixed(3), .fill], spacing: 1)
        #expect(parts == [Rect(x: 0, y: 0, width: 3, height: 1), Rect(x: 4, y: 0, width: 6, height: 1)])
        #expect(widths(10, [.percentage(50), .percentage(50)], spacing: 2) == [4, 4])
    }

    @Test func shortSpaceShrinksFillsThenPercentagesThenFixedParts() {
        let constraints: [Constraint] = [.fixed(4), .percentage(50), .fill]
        #expect(widths(10, constraints) == [4, 5, 1])
        #expect(widths(8, constraints) == [4, 4, 0])
        #expect(widths(6, constraints) == [4, 2, 0])
        #expect(widths(3, constraints) == [3, 0, 0])
        #expect(widths(0, constraints) == [0, 0, 0])
    }

    @Test func fixedPartsShrinkFromTheLast() {
        let parts = Layout.columns(Rect(x: 0, y: 0, width: 5, height: 1), [.fixed(3), .fixed(3), .fixed(3)])
        #expect(parts.map(\.x) == [0, 3, 5])
        #expect(parts.map(\.width) == [3, 2, 0])
    }

    @Test func minKeepsItsMinimumAndSharesTheRestLikeAFill() {
        #expect(widths(20, [.min(5), .fill]) == [12, 8])
        #expect(widths(4, [.min(5), .fill]) == [4, 0])
        #expect(widths(7, [.min(5), .percentage(50)]) == [5, 2])
    }

    @Test func unusedSpaceStaysAtTheEndWhenNothingFills() {
        let parts = Layout.columns(Rect(x: 0, y: 0, width: 10, height: 1), [.percentage(30), .percentage(30)])
        #expect(parts.map(\.x) == [0, 3])
        #expect(parts.map(\.width) == [3, 3])
    }

    @Test func absurdInputGivesOneEmptyOrClampedRectPerConstraint() {
        #expect(Layout.rows(Rect(x: 0, y: 0, width: 5, height: 5), []) == [])
        #expect(widths(10, [.fixed(-3), .percentage(150), .fill(weight: -2)]) == [0, 10, 0])
        #expect(widths(10, [.fixed(Int.max), .fixed(Int.max), .fill(weight: Int.max)]) == [10, 0, 0])
        let crowded = Layout.columns(Rect(x: 0, y: 0, width: 5, height: 1), [.fill, .fill, .fill], spacing: 10)
        #expect(crowded.count == 3)
        #expect(crowded.allSatisfy { $0.width == 0 && $0.x >= 0 && $0.x <= 5 })
        #expect(Layout.rows(Rect(x: -3, y: -3, width: 0, height: 0), [.fill, .fixed(2)]).map(\.height) == [0, 0])
    }

    @Test func partsNeverLeaveTheArea() {
        let area = Rect(x: 1, y: 1, width: 17, height: 1)
        for spacing in 0...4 {
            let parts = Layout.columns(area, [.fixed(5), .percentage(33), .fill(weight: 2), .min(3), .fill], spacing: spacing)
            #expect(parts.count == 5)
            #expect(parts.allSatisfy { $0.x >= area.x && $0.maxX <= area.maxX })
            #expect(zip(parts, parts.dropFirst()).allSatisfy { $0.maxX <= $1.x })
        }
    }
}
