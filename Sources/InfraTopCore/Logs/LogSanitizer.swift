import InfraTopBasics

/// Turns a raw log line into inert, styled text.
///
/// Log text must never drive the terminal: CSI sequences (cursor moves, clear screen) and OSC
/// sequences (window title, hyperlinks) are removed, SGR colours become a ``LogStyle``, tabs become
/// spaces, and any other control character is shown as its Unicode control picture. C1 controls
/// (U+0080–U+009F, including the one-character CSI U+009B) are treated like their ESC forms.
/// What counts as a sequence is ``TerminalText/Scanner``'s decision; this only styles its tokens.
package enum LogSanitizer {
    /// Shown text longer than this many UTF-8 bytes is cut, saying how much was cut. The client
    /// already cuts lines at 16 KiB on the wire (with an exact count); this bounds what control
    /// pictures (three bytes for one) can grow that to.
    static let defaultMaximumBytes = 48 << 10

    package static func spans(of line: String, maximumBytes: Int = defaultMaximumBytes) -> [LogSpan] {
        var builder = Builder(maximumBytes: maximumBytes)
        var scanner = TerminalText.Scanner(line)
        var cutBytes = 0
        while let token = scanner.next() {
            switch token {
            case .text(let run):
                cutBytes = builder.append(run)
            case .control(let scalar):
                builder.control(scalar)
            case .graphicRendition(let codes):
                builder.applySGR(codes)
            }
            if builder.isFull {
                cutBytes += scanner.remainingUTF8Count
                break
            }
        }
        var spans = builder.finish()
        if cutBytes > 0 { spans.append(LogSpan("… \(cutBytes) bytes cut", style: .plain)) }
        return spans
    }

    /// Spans from the scanner's tokens; what is a sequence and what is text is ``TerminalText``'s call.
    private struct Builder {
        let maximumBytes: Int
        var spans: [LogSpan] = []
        var current = ""
        var totalBytes = 0
        var style = LogStyle.plain
        var column = 0

        init(maximumBytes: Int) { self.maximumBytes = maximumBytes }

        var isFull: Bool { totalBytes >= maximumBytes }

        /// Appends a text run scalar by scalar until full; returns the UTF-8 bytes of the run left out.
        mutating func append(_ run: Substring) -> Int {
            if totalBytes + run.utf8.count <= maximumBytes {
                append(text: run)
                return 0
            }
            let scalars = run.unicodeScalars
            var index = scalars.startIndex
            while index < scalars.endIndex, !isFull {
                append(text: String(Character(scalars[index])))
                index = scalars.index(after: index)
            }
            return run.utf8.distance(from: index, to: run.utf8.endIndex)
        }

        /// Tabs become spaces to the next multiple of eight, a carriage return nothing (the line is
        /// shown whole), and every other control its picture: shown, never obeyed.
        mutating func control(_ scalar: Unicode.Scalar) {
            switch scalar.value {
            case 0x09:
                append(text: String(repeating: " ", count: 8 - column % 8))
            case 0x0D:
                break
            case 0x00..<0x20:
                // U+2400…U+241F, the control pictures.
                append(text: Unicode.Scalar(0x2400 + scalar.value).map { String(Character($0)) } ?? "\u{FFFD}")
            case 0x7F:
                append(text: "␡")
            default:
                append(text: "\u{FFFD}") // a C1 control that starts no sequence
            }
        }

        mutating func append<Text: StringProtocol>(text: Text) {
            current += text
            totalBytes += text.utf8.count
            column += text.unicodeScalars.count
        }

        mutating func flush() {
            if !current.isEmpty { spans.append(LogSpan(current, style: style)) }
            current = ""
        }

        mutating func finish() -> [LogSpan] {
            flush()
            return spans
        }

        mutating func applySGR(_ codes: [Int]) {
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
