import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKubernetes
import Testing

/// The one sanitizer: the same sequences vanish from the logs pane (styled) and from sentences
/// (one line), in their 7-bit and C1 forms alike.
@Suite struct TerminalTextTests {
    let red = LogStyle(foreground: .indexed(1))

    @Test func c1ControlSequenceIsACSIInBothModes() {
        #expect(TerminalText.oneLine("\u{9B}31mERROR") == "ERROR")
        #expect(PreviousLogExcerpt.clean("\u{9B}31mERROR") == "ERROR")
        #expect(PreviousLogExcerpt.causeLine(in: ["\u{9B}31mERROR\u{9B}0m: boom"]) == "ERROR: boom")
        #expect(LogSanitizer.spans(of: "\u{9B}31mERROR") == [LogSpan("ERROR", style: red)])
        #expect(Array(TerminalText.Scanner("\u{9B}31mERROR")) == [.graphicRendition([31]), .text("ERROR")])
    }

    @Test func c1OperatingSystemCommandEndsAtStringTerminator() {
        let line = "a\u{9D}0;title\u{9C}b"
        #expect(TerminalText.oneLine(line) == "ab")
        #expect(LogSanitizer.spans(of: line) == [LogSpan("ab")])
    }

    @Test func sevenBitOperatingSystemCommandEndsAtBellOrEscBackslash() {
        let bell = "a\u{1B}]0;title\u{07}b"
        let escBackslash = "a\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\b"
        #expect(TerminalText.oneLine(bell) == "ab")
        #expect(TerminalText.oneLine(escBackslash) == "alinkb")
        #expect(LogSanitizer.spans(of: bell) == [LogSpan("ab")])
        #expect(LogSanitizer.spans(of: escBackslash) == [LogSpan("alinkb")])
    }

    @Test func tabsAreASpaceInOneLineAndTabStopsWhenStyled() {
        #expect(TerminalText.oneLine("a\tb\t\tc") == "a b c")
        #expect(LogSanitizer.spans(of: "a\tb\t\tc") == [LogSpan("a       b               c")])
    }

    @Test func deviceControlStringsVanishWhole() {
        let sevenBit = "x\u{1B}P1$r0m\u{1B}\\y"
        let c1 = "x\u{90}q#0;2;0;0;0\u{9C}y"
        #expect(TerminalText.oneLine(sevenBit) == "xy")
        #expect(TerminalText.oneLine(c1) == "xy")
        #expect(LogSanitizer.spans(of: sevenBit) == [LogSpan("xy")])
        #expect(LogSanitizer.spans(of: c1) == [LogSpan("xy")])
        // APC, PM and SOS are strings too.
        #expect(TerminalText.oneLine("1\u{9F}apc\u{9C}2\u{1B}^pm\u{07}3\u{98}sos\u{1B}\\4\u{1B}Xsos\u{9C}5") == "12345")
    }

    @Test func invalidUTF8ShowsAsReplacementCharacter() {
        let line = String(decoding: [0x6F, 0x6B, 0xFF, 0x20, 0xC3, 0x28, 0x9B, 0x21] as [UInt8], as: UTF8.self)
        #expect(TerminalText.oneLine(line) == "ok\u{FFFD} \u{FFFD}(\u{FFFD}!")
        #expect(LogSanitizer.spans(of: line) == [LogSpan("ok\u{FFFD} \u{FFFD}(\u{FFFD}!")])
    }

    @Test func longLinesAreCutWithAnEllipsis() {
        #expect(TerminalText.oneLine("abcdefghij", maximumLength: 5) == "abcd…")
        #expect(TerminalText.oneLine("abcde", maximumLength: 5) == "abcde")
        #expect(TerminalText.oneLine("\u{1B}[1mabc\u{1B}[0m   de", maximumLength: 6) == "abc de")
        #expect(TerminalText.oneLine(String(repeating: "x", count: 1000)) == String(repeating: "x", count: 299) + "…")
    }

    @Test func spacesCollapseAndEndsAreTrimmed() {
        #expect(TerminalText.oneLine("  ERROR:    Error loading\r\n") == "ERROR: Error loading")
        #expect(TerminalText.oneLine("a \t \u{1B}[2K b\nc\u{0C}d") == "a b c d")
        #expect(TerminalText.oneLine(" \t\r\n ") == "")
    }

    @Test func otherControlsAreDroppedFromOneLine() {
        #expect(TerminalText.oneLine("a\u{07}b\u{08}c\u{7F}d\u{85}e\u{9C}f\u{00}g") == "abcd efg")
    }

    @Test func brokenSequencesLoseNoText() {
        // An ESC inside a CSI starts the next sequence; a control ends the CSI and is itself scanned.
        #expect(LogSanitizer.spans(of: "\u{1B}[\u{1B}[31mred") == [LogSpan("red", style: red)])
        #expect(LogSanitizer.spans(of: "a\u{1B}[3\u{07}b") == [LogSpan("a␇b")])
        #expect(TerminalText.oneLine("a\u{1B}[3\nb") == "a b")
        // An ESC that is not ST ends a string and starts its own sequence.
        #expect(LogSanitizer.spans(of: "\u{1B}]0;t\u{1B}[31mred") == [LogSpan("red", style: red)])
        // Character-set designations take their final byte with them.
        #expect(TerminalText.oneLine("\u{1B}(Bplain\u{1B}$(Bx\u{1B}7y") == "plainxy")
        // A CSI that runs on past its bound is no sequence; what follows shows.
        let long = "\u{1B}[" + String(repeating: "1;", count: 40) + "tail"
        #expect(TerminalText.oneLine(long).hasSuffix("tail"))
    }

    @Test func onlyPlainSGRChangesTheStyle() {
        #expect(Array(TerminalText.Scanner("\u{1B}[m\u{1B}[1;;31m")) == [.graphicRendition([0]), .graphicRendition([1, 0, 31])])
        // `CSI > 4 ; 2 m` sets xterm key modifiers; it is not SGR and leaves the style alone.
        #expect(LogSanitizer.spans(of: "\u{1B}[31ma\u{1B}[>4;2mb") == [LogSpan("ab", style: red)])
    }
}
