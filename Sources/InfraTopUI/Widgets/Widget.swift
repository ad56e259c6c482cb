/// Something that draws itself into a rectangle of a canvas.
///
/// Widgets are plain values: they take the styles the theme resolved for them, draw nothing
/// outside `area`, never touch the terminal, and must accept any area, including an empty one
/// or one that lies partly off the canvas.
package protocol Widget {
    /// Draws the widget into `area` of `canvas`.
    func render(in area: Rect, on canvas: inout Canvas)
}

/// How text sits in a space wider than itself.
package enum TextAlignment: Hashable, Sendable {
    case left
    case center
    case right

    /// Columns of padding before text `textWidth` wide in a space `width` wide.
    func leadingPadding(textWidth: Int, in width: Int) -> Int {
        let spare = max(0, width - textWidth)
        switch self {
        case .left: return 0
        case .center: return spare / 2
        case .right: return spare
        }
    }
}
