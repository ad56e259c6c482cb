/// How much of a row or column one part of a layout asks for.
package enum Constraint: Hashable, Sendable {
    /// Exactly this many cells; shrunk last when space is short.
    case fixed(Int)
    /// This share (0–100) of the space left after spacing; shrunk before fixed parts.
    case percentage(Int)
    /// At least this many cells (kept like a fixed part), then a share of what is left, like a fill of weight 1.
    case min(Int)
    /// A share of what fixed and percentage parts leave, in proportion to `weight`; shrunk first.
    case fill(weight: Int = 1)

    /// A fill of weight 1.
    package static var fill: Constraint { .fill(weight: 1) }
}
