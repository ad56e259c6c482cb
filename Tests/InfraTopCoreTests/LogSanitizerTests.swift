import InfraTopCore
import Testing

/// Log text is data: nothing in it may reach the terminal as a command.
struct LogSanitizerTests {
    @Test func removesTitleClearScreenAndCursorMovesKeepingText() {
        let line = "\u{1B}]0;pwned\u{07}before\u{1B}[2J\u{1B}[H\u{1B}[10;20Hafter\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\"
        let spans = LogSanitizer.spans(of: line)
        #expect(spans == [LogSpan("beforeafterlink")])
    }

    @Test func turnsSGRIntoStyles() {
        let spans = LogSanitizer.spans(of: "a\u{1B}[1;31mred\u{1B}[0m b\u{1B}[38;5;208mo\u{1B}[38;2;1;2;3mr\u{1B}[m")
        #expect(spans == [
            LogSpan("a"),
            LogSpan("red", style: LogStyle(foreground: .indexed(1), isBold: true)),
            LogSpan(" b"),
            LogSpan("o", style: LogStyle(foreground: .indexed(208))),
            LogSpan("r", style: LogStyle(foreground: .rgb(1, 2, 3))),
        ])
    }

    @Test func showsOtherControlsAsPicturesAndExpandsTabs() {
        #expect(LogSanitizer.spans(of: "a\tb\u{07}c\u{08}d\r") == [LogSpan("a       b␇c␈d")])
        // C1 CSI (U+009B) is a CSI too; a lone C1 control shows as U+FFFD.
        #expect(LogSanitizer.spans(of: "x\u{9B}2Jy\u{85}z") == [LogSpan("xy\u{FFFD}z")])
    }

    @Test func cutsLongLinesSayingHowMuch() {
        let spans = LogSanitizer.spans(of: String(repeating: "a", count: 20), maximumBytes: 8)
        #expect(spans.map(\.text).joined() == "aaaaaaaa… 12 bytes cut")
    }

    @Test func anUnterminatedSequenceEndsTheLine() {
        #expect(LogSanitizer.spans(of: "ok\u{1B}]0;no end") == [LogSpan("ok")])
        #expect(LogSanitizer.spans(of: "ok\u{1B}[") == [LogSpan("ok")])
    }
}

struct LogRingTests {
    @Test func keepsTheNewestLinesAndCountsEvictions() {
        var ring = LogRing(capacity: 3)
        ring.append(contentsOf: (0..<5).map { LogLine(spans: [LogSpan("\($0)")]) })
        #expect(ring.lines.map(\.text) == ["2", "3", "4"])
        #expect(ring.firstSequence == 2 && ring.endSequence == 5 && ring.evicted == 2)
        #expect(ring[sequence: 3]?.text == "3" && ring[sequence: 1] == nil)
        ring.clear()
        #expect(ring.count == 0 && ring.firstSequence == 5)
    }
}

struct LogTimestampTests {
    @Test func readsNanosecondsAndSplitsTheLine() throws {
        let (stamp, text) = LogTimestamp.split("2026-11-25T09:02:11.123456789Z hello world")
        let time = try #require(stamp)
        #expect(text == "hello world")
        #expect(time.nanoseconds % 1_000_000_000 == 123_456_789)
        #expect(time.wholeSecond.timeIntervalSince1970 == Double(time.nanoseconds / 1_000_000_000))
        let (none, whole) = LogTimestamp.split("not a time at all")
        #expect(none == nil && whole == "not a time at all")
        #expect(LogTimestamp("2026-11-25T09:02:11.5Z")! < LogTimestamp("2026-11-25T09:02:11.500000001Z")!)
        #expect(LogTimestamp("2026-11-25T09:02:11.5Z") == LogTimestamp("2026-11-25T09:02:11.500000000Z"))
    }
}
