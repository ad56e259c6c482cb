import CNcurses
import Foundation
import InfraTopApp
import InfraTopUI

/// The one place that touches ncurses: copies a Canvas to the screen, reads keys, handles resize
/// and gives the terminal back.
///
/// Only cells that differ from the previous frame are handed to ncurses, and a frame equal to
/// the previous one sends nothing at all; ncurses then sends only what changed on screen.
@MainActor
final class TerminalScreen: Display {
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    private var previous: Canvas?
    private var pairs: [PairKey: Int32] = [:]
    private var isActive = false
    private(set) var width: Int
    private(set) var height: Int
    /// Colours the terminal can show: 0 (none), 8, 16 or 256 (or more).
    let colorCount: Int
    let isUTF8: Bool

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    init(isUTF8: Bool) throws {
        self.isUTF8 = isUTF8
        // Let Dispatch, not ncurses, own these signals: they must restore the terminal on our terms.
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { infratop_ignore_signal(signal) }
        guard infratop_newterm() != nil else {
            let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw StartError(description: "cannot start the terminal: TERM=\(term) is not in the terminfo database")
        }
        isActive = true
        infratop_install_fatal_signal_handlers()
        let window = infratop_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        leaveok(window, true)
        curs_set(0)
        set_escdelay(25)
        if has_colors() {
            start_color()
            use_default_colors()
            colorCount = Int(infratop_colors())
        } else {
            colorCount = 0
        }
        width = Int(infratop_cols())
        height = Int(infratop_lines())
    }

    /// Restores the terminal: cursor, echo, the primary screen. Safe to call twice.
    func shutdown() {
        guard isActive else { return }
        isActive = false
        curs_set(1)
        endwin()
    }

    /// Follows a terminal resize (SIGWINCH): asks the tty for its size and tells ncurses.
    func resize() {
        var rows: Int32 = 0
        var columns: Int32 = 0
        if infratop_terminal_size(&rows, &columns) == 0 {
            resizeterm(rows, columns)
        }
        width = Int(infratop_cols())
        height = Int(infratop_lines())
        previous = nil
    }

    /// Draws a frame; returns false when it equals the last one and nothing was sent.
    @discardableResult
    func draw(_ canvas: Canvas) -> Bool {
        guard isActive else { return false }
        let window = infratop_stdscr()
        let full = previous == nil || previous?.width != canvas.width || previous?.height != canvas.height
        let width = canvas.width
        let cells = canvas.cells
        // One pass over both grids, reading cells in place: an idle second changes a few cells of
        // thousands, and this runs on every clock tick.
        let old = full ? [] : (previous?.cells ?? [])
        var changed = false
        if full { werase(window) }
        cells.withUnsafeBufferPointer { cells in
            old.withUnsafeBufferPointer { old in
                var cell = cchar_t()
                for index in cells.indices where !cells[index].isContinuation {
                    // A cell is redrawn when it or its right neighbour changed: a wide grapheme
                    // there may have covered this one.
                    if !full, cells[index] == old[index],
                       (index + 1) % width == 0 || cells[index + 1] == old[index + 1] {
                        continue
                    }
                    changed = true
                    put(cells[index], into: &cell)
                    // The bottom-right cell returns ERR because the cursor cannot advance; it is drawn anyway.
                    _ = mvwadd_wch(window, Int32(index / width), Int32(index % width), &cell)
                }
            }
        }
        guard changed || full else { return false }
        wnoutrefresh(window)
        doupdate()
        previous = canvas
        return true
    }

    /// Keys waiting in the input queue, decoded; empty when none.
    func readKeys() -> [KeyPress] {
        var keys: [KeyPress] = []
        let window = infratop_stdscr()
        var character: wint_t = 0
        // Bounded: a paste flood is handled over several wake-ups instead of stalling one.
        for _ in 0..<256 {
            let result = wget_wch(window, &character)
            if result == ERR { break }
            if result == infratop_key_code_yes() {
                if let key = functionKey(Int32(character)) { keys.append(key) }
            } else if let key = characterKey(UInt32(character)) {
                keys.append(key)
            }
        }
        return keys
    }

    // MARK: - Cells

    private func put(_ source: Cell, into cell: inout cchar_t) {
        var text: [wchar_t] = []
        for scalar in source.grapheme.unicodeScalars.prefix(Int(CCHARW_MAX) - 1) {
            text.append(wchar_t(bitPattern: scalar.value))
        }
        if text.isEmpty { text.append(wchar_t(32)) }
        text.append(0)
        let pair = colorPair(for: source.style)
        _ = infratop_setcchar(&cell, text, attributes(of: source.style.attributes), pair)
    }

    private func attributes(of attributes: TextAttributes) -> attr_t {
        var result = infratop_a_normal()
        if attributes.contains(.bold) { result |= infratop_a_bold() }
        if attributes.contains(.dim) { result |= infratop_a_dim() }
        if attributes.contains(.italic) { result |= infratop_a_italic() }
        if attributes.contains(.underline) { result |= infratop_a_underline() }
        if attributes.contains(.reverse) { result |= infratop_a_reverse() }
        return result
    }

    private func colorPair(for style: Style) -> Int32 {
        guard colorCount >= 8 else { return 0 }
        let key = PairKey(foreground: colorNumber(style.foreground), background: colorNumber(style.background))
        if key.foreground == -1, key.background == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        let pair = alloc_pair(key.foreground, key.background)
        // Out of pairs: fall back to the terminal's colours rather than failing the frame.
        let usable = pair < 0 ? 0 : pair
        pairs[key] = usable
        return usable
    }

    private func colorNumber(_ color: Color) -> Int32 {
        TerminalPalette.number(for: color, colorCount: colorCount)
    }

    // MARK: - Keys

    private func functionKey(_ code: Int32) -> KeyPress? {
        switch code {
        case infratop_key_up(): .up
        case infratop_key_down(): .down
        case infratop_key_left(): .left
        case infratop_key_right(): .right
        case infratop_key_npage(): .pageDown
        case infratop_key_ppage(): .pageUp
        case infratop_key_home(): .home
        case infratop_key_end(): .end
        case infratop_key_btab(): .backTab
        case infratop_key_enter(): .enter
        case infratop_key_backspace(), infratop_key_dc(): .backspace
        default: nil
        }
    }

    private func characterKey(_ code: UInt32) -> KeyPress? {
        switch code {
        case 3: .interrupt
        case 9: .tab
        case 10, 13: .enter
        case 27: .escape
        case 8, 127: .backspace
        case 0..<32: nil
        default: Unicode.Scalar(code).map { .character(Character($0)) }
        }
    }
}
