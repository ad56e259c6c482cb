/// Text from outside (container logs, API server messages, environment values) made safe for
/// the screen. This is the one place that decides what an escape sequence is: everything that
/// shows foreign text either walks ``Scanner``'s tokens (the logs pane, which keeps SGR colours)
/// or calls ``oneLine(_:maximumLength:)`` (findings, errors, cause lines).
///
/// Sequences follow ECMA-48, in their 7-bit (ESC …) and C1 (U+0080–U+009F) forms alike:
/// - CSI, `ESC [` or U+009B: parameter bytes (0x30–0x3F), intermediate bytes (0x20–0x2F), one
///   final byte (0x40–0x7E). Only SGR (final `m`, parameters digits and `;` only) means anything here.
/// - Strings — OSC (`ESC ]`, U+009D), DCS (`ESC P`, U+0090), SOS (`ESC X`, U+0098),
///   PM (`ESC ^`, U+009E), APC (`ESC _`, U+009F) — run to ST (`ESC \`, U+009C) or BEL;
///   one that never ends hides the rest of the text.
/// - Any other escape: ESC, intermediate bytes, one final byte (`ESC ( B`, `ESC 7`, `ESC c`).
///
/// A sequence broken by a character that cannot be part of it (a control, ESC, a non-ASCII
/// scalar) ends there, and that character is scanned anew, so text after a broken sequence is
/// never lost and an ESC inside one still starts the next.
package enum TerminalText {
    /// What the scanner finds, in order.
    package enum Token: Hashable, Sendable {
        /// Printable text: no C0 control, DEL or C1 control, and no part of any escape sequence.
        case text(Substring)
        /// A control character that introduces no sequence: C0 (tab, newline, carriage return
        /// among them), DEL, or a lone C1 such as NEL (U+0085) or a stray ST (U+009C).
        case control(Unicode.Scalar)
        /// An SGR sequence's parameters, `;`-separated; an empty or unreadable one is 0, and
        /// `ESC [ m` gives `[0]`.
        case graphicRendition([Int])
    }

    /// A CSI with more parameter and intermediate bytes than this is no sequence: the scanner
    /// drops what it read and goes on, so a lone `ESC [` cannot swallow a long line.
    static let maximumControlSequenceLength = 64

    /// Walks text's Unicode scalars, yielding text runs, controls and SGR parameters; every
    /// other escape sequence is consumed and yields nothing.
    package struct Scanner: IteratorProtocol, Sequence {
        private let text: String
        private let scalars: String.UnicodeScalarView
        private var index: String.Index

        package init(_ text: String) {
            self.text = text
            scalars = text.unicodeScalars
            index = scalars.startIndex
        }

        /// UTF-8 bytes of the text not scanned yet, for saying how much a cut line lost.
        package var remainingUTF8Count: Int {
            text.utf8.distance(from: index, to: text.utf8.endIndex)
        }

        package mutating func next() -> Token? {
            while index < scalars.endIndex {
                let start = index
                let scalar = scalars[index]
                if Self.isPrintable(scalar) {
                    var end = scalars.index(after: start)
                    while end < scalars.endIndex, Self.isPrintable(scalars[end]) { end = scalars.index(after: end) }
                    index = end
                    return .text(Substring(scalars[start..<end]))
                }
                index = scalars.index(after: start)
                switch scalar.value {
                case 0x1B:
                    if let token = escape() { return token }
                case 0x9B:
                    if let token = controlSequence() { return token }
                case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                    skipString()
                default:
                    return .control(scalar)
                }
            }
            return nil
        }

        static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            return value >= 0x20 && value != 0x7F && !(0x80..<0xA0).contains(value)
        }

        private var peek: UInt32? { index < scalars.endIndex ? scalars[index].value : nil }

        private mutating func advance() { index = scalars.index(after: index) }

        /// After ESC: which sequence it starts. A lone ESC (at the end, or before a control or
        /// non-ASCII scalar) is dropped and the next scalar scanned as usual.
        private mutating func escape() -> Token? {
            guard let kind = peek else { return nil }
            switch kind {
            case 0x5B: // [
                advance()
                return controlSequence()
            case 0x5D, 0x50, 0x58, 0x5E, 0x5F: // ] P X ^ _
                advance()
                skipString()
            case 0x20...0x2F:
                while let next = peek, (0x20...0x2F).contains(next) { advance() }
                if let final = peek, (0x30...0x7E).contains(final) { advance() }
            case 0x30...0x7E:
                advance()
            default:
                break
            }
            return nil
        }

        /// After CSI: parameters and intermediates up to the final byte.
        private mutating func controlSequence() -> Token? {
            let parameters = index
            var length = 0
            while let value = peek {
                switch value {
                case 0x40...0x7E:
                    let body = scalars[parameters..<index]
                    advance()
                    guard value == 0x6D, body.allSatisfy({ (0x30...0x3B).contains($0.value) && $0 != ":" }) else { return nil }
                    return .graphicRendition(Self.parameters(body))
                case 0x20...0x3F:
                    length += 1
                    if length > maximumControlSequenceLength { return nil }
                    advance()
                default:
                    return nil
                }
            }
            return nil
        }

        static func parameters(_ body: Substring.UnicodeScalarView) -> [Int] {
            guard !body.isEmpty else { return [0] }
            return Substring(body).split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        }

        /// After a string introducer: everything up to ST or BEL. An ESC not followed by `\`
        /// ends the string too and starts the next sequence; CAN and SUB cancel it.
        private mutating func skipString() {
            while let value = peek {
                switch value {
                case 0x07, 0x9C:
                    advance()
                    return
                case 0x18, 0x1A:
                    return
                case 0x1B:
                    advance()
                    if peek == 0x5C { advance() } else { index = scalars.index(before: index) }
                    return
                default:
                    advance()
                }
            }
        }
    }

    /// Longest line ``oneLine(_:maximumLength:)`` gives unless told, in characters.
    static let defaultMaximumLength = 300

    /// Foreign text as one plain line for a sentence: every escape sequence removed; tabs,
    /// newlines and the other line controls (VT, FF, CR, NEL) become a space; every other
    /// control (C0, DEL, C1) is dropped; runs of spaces collapse to one; the ends are trimmed;
    /// a line longer than `maximumLength` characters is cut to that length, ending in "…".
    package static func oneLine(_ text: String, maximumLength: Int = defaultMaximumLength) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for token in Scanner(text) {
            switch token {
            case .text(let run):
                result += run
            case .control(let scalar):
                if (0x09...0x0D).contains(scalar.value) || scalar.value == 0x85 { result += " " }
            case .graphicRendition:
                break
            }
        }
        // uvicorn's `ERROR:    Error loading …` aligns its level names; a sentence needs no run of spaces.
        let collapsed = result.split(separator: " ").joined(separator: " ")
        guard collapsed.count > maximumLength else { return collapsed }
        return maximumLength > 0 ? String(collapsed.prefix(maximumLength - 1)) + "…" : ""
    }
}
