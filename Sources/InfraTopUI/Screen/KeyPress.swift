/// A key the user pressed, after the backend has decoded the terminal's bytes.
package enum KeyPress: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab, backTab
    case enter, escape, backspace
    /// Ctrl-C arrives as a key in curses' cbreak mode with ISIG off, or as SIGINT otherwise.
    case interrupt
}
