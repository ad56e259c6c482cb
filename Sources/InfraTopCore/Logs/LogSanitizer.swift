/// Turns a raw log line into inert, styled text.
///
/// Log text must never drive the terminal: CSI sequences (cursor moves, clear screen) and OSC
/// sequences (window title, hyperlinks) are removed, SGR colours become a ``LogStyle``, tabs become
/// spaces, and any other control character is shown as its Unicode control picture. C1 controls
/// (U+0080–U+009F, including the one-character CSI U+009B) are treated like their ESC forms.
public enum LogSanitizer {
    /// Shown text longer than this many UTF-8 bytes is cut, saying how much was cut. The client
    /// already cuts lines at 16 KiB on the wire (with an exact count); this bounds what control
    /// pictures (three bytes for one) can grow that to.
    public static let defaultMaximumBytes = 48 << 10

    public static func spans(of line: String, maximumBytes: Int = defaultMaximumBytes) -> [LogSpan] {
        var parser = Parser(maximumBytes: maximumBytes)
        var scalars = line.unicodeScalars.makeIterator()
        var cutBytes = 0
        while let scalar = scalars.next() {
            if parser.isFull {
                cutBytes += UTF8.width(scalar)
                continue
            }
            parser.consume(scalar, rest: &scalars)
        }
        var spans = parser.finish()
        if cutBytes > 0 { spans.append(LogSpan("… \(cutBytes) bytes cut", style: .plain)) }
        return spans
    }

    private struct Parser {
        let maximumBytes: Int
        var spans: [LogSpan] = []
        var current = ""
        var currentBytes = 0
        var totalBytes = 0
        var style = LogStyle.plain
        var column = 0

        init(maximumBytes: Int) { self.maximumBytes = maximumBytes }

        var isFull: Bool { totalBytes >= maximumBytes }

        mutating func consume(_ scalar: Unicode.Scalar, rest: inout String.UnicodeScalarView.Iterator) {
            switch scalar.value {
            case 0x1B:
                escape(&rest)
            case 0x9B:
                controlSequence(&rest)
            case 0x9D:
                skipString(&rest)
            case 0x90, 0x98, 0x9E, 0x9F:
                skipString(&rest)
            case 0x09:
                let spaces = 8 - column % 8
                append(String(repeating: " ", count: spaces))
            case 0x0D:
                break // a carriage return would redraw the line over itself; the line is shown whole
            case 0x00..<0x20:
                // U+2400…U+241F, the control pictures: shown, never obeyed.
                append(Unicode.Scalar(0x2400 + scalar.value).map { String(Character($0)) } ?? "\u{FFFD}")
            case 0x7F:
                append("␡")
            case 0x80..<0xA0:
                append("\u{FFFD}")
            default:
                append(String(Character(scalar)))
            }
        }

        mutating func append(_ text: String) {
            current += text
            let bytes = text.utf8.count
            currentBytes += bytes
            totalBytes += bytes
            column += text.unicodeScalars.count
        }

        mutating func flush() {
            if !current.isEmpty { spans.append(LogSpan(current, style: style)) }
            current = ""
            currentBytes = 0
        }

        mutating func finish() -> [LogSpan] {
            flush()
            return spans
        }

        /// ESC seen: CSI, OSC and string sequences are skipped whole, other escapes with their one final byte.
        mutating func escape(_ rest: inout String.UnicodeScalarView.Iterator) {
            guard let next = rest.next() else { return }
            switch next {
            case "[": controlSequence(&rest)
            case "]", "P", "X", "^", "_": skipString(&rest)
            case " ", "#", "%", "(", ")", "*", "+", "-", ".", "/":
                _ = rest.next() // two-byte intermediates such as ESC ( B
            default: break
            }
        }

        /// CSI parameters up to the final byte; only SGR (`m`) has an effect, on the style.
        mutating func controlSequence(_ rest: inout String.UnicodeScalarView.Iterator) {
            var parameters = ""
            var count = 0
            while let scalar = rest.next() {
                count += 1
                let value = scalar.value
                if (0x40...0x7E).contains(value) {
                    if scalar == "m" { applySGR(parameters) }
                    return
                }
                // A sequence that runs on is not one; stop swallowing text after a bound.
                if value < 0x20 || value > 0x7E || count > 64 { return }
                parameters.unicodeScalars.append(scalar)
            }
        }

        /// OSC, DCS and friends run to BEL or ST (ESC \ or U+009C); bounded so a lone ESC ] cannot hide a whole line forever.
        mutating func skipString(_ rest: inout String.UnicodeScalarView.Iterator) {
            while let scalar = rest.next() {
                switch scalar.value {
                case 0x07, 0x9C: return
                case 0x1B:
                    _ = rest.next()
                    return
                default: continue
                }
            }
        }

        mutating func applySGR(_ parameters: String) {
            let codes = parameters.isEmpty ? [0] : parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
            var next = style
            var index = 0
            while index < codes.count {
                let code = codes[index]
                switch code {
                case 0: next = .plain
                case 1: next.isBold = true
                case 3: next.isItalic = true
                case 4: next.isUnderlined = true
                case 22: next.isBold = false
                case 23: next.isItalic = false
                case 24: next.isUnderlined = false
                case 30...37: next.foreground = .indexed(UInt8(code - 30))
                case 39: next.foreground = nil
                case 40...47: next.background = .indexed(UInt8(code - 40))
                case 49: next.background = nil
                case 90...97: next.foreground = .indexed(UInt8(code - 90 + 8))
                case 100...107: next.background = .indexed(UInt8(code - 100 + 8))
                case 38, 48:
                    let (color, used) = Self.extendedColor(codes, from: index + 1)
                    if let color {
                        if code == 38 { next.foreground = color } else { next.background = color }
                    }
                    index += used
                default: break
                }
                index += 1
            }
            if next != style {
                flush()
                style = next
            }
        }

        static func extendedColor(_ codes: [Int], from index: Int) -> (LogColor?, Int) {
            guard index < codes.count else { return (nil, 0) }
            switch codes[index] {
            case 5:
                guard index + 1 < codes.count, (0...255).contains(codes[index + 1]) else { return (nil, 1) }
                return (.indexed(UInt8(codes[index + 1])), 2)
            case 2:
                guard index + 3 < codes.count else { return (nil, codes.count - index) }
                let rgb = codes[(index + 1)...(index + 3)].map { UInt8(clamping: $0) }
                return (.rgb(rgb[0], rgb[1], rgb[2]), 4)
            default:
                return (nil, 1)
            }
        }
    }
}
