/// Where a text view is scrolled to, and whether it follows new lines at the end.
///
/// `offset` is the index of the first line shown. While `followsTail` is on, the view ignores
/// the offset and shows the end; scrolling up turns it off, `scrollToEnd()` turns it back on.
package struct TextViewState: Hashable, Sendable {
    package var offset: Int
    package var followsTail: Bool

    package init(offset: Int = 0, followsTail: Bool = true) {
        self.offset = max(0, offset)
        self.followsTail = followsTail
    }

    /// Scrolls `delta` lines down (up when negative), staying within `0...maxOffset`, which
    /// `TextView.maxOffset(in:canvas:)` gives for the current lines and area.
    package mutating func scroll(by delta: Int, maxOffset: Int) {
        let limit = max(0, maxOffset)
        let start = followsTail ? limit : min(offset, limit)
        let target = start.addingReportingOverflow(delta)
        offset = target.overflow ? (delta < 0 ? 0 : limit) : min(max(0, target.partialValue), limit)
        if delta < 0 { followsTail = false }
    }

    /// Shows the first line and stops following.
    package mutating func scrollToTop() {
        offset = 0
        followsTail = false
    }

    /// Shows the last line and follows new ones.
    package mutating func scrollToEnd() {
        followsTail = true
    }
}
