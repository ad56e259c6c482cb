/// A colour a log line asked for with SGR, as an xterm palette index or 24-bit value.
package enum LogColor: Hashable, Sendable {
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

/// What SGR left in effect for a run of log text; the UI turns it into a cell style.
package struct LogStyle: Hashable, Sendable {
    package var foreground: LogColor?
    package var background: LogColor?
    package var isBold = false
    package var isItalic = false
    package var isUnderlined = false

    package init(foreground: LogColor? = nil, background: LogColor? = nil, isBold: Bool = false, isItalic: Bool = false, isUnderlined: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.isBold = isBold
        self.isItalic = isItalic
        self.isUnderlined = isUnderlined
    }

    package static let plain = LogStyle()
}

/// A run of log text in one style; the text holds no control characters or escape sequences.
package struct LogSpan: Hashable, Sendable {
    package var text: String
    package var style: LogStyle

    package init(_ text: String, style: LogStyle = .plain) {
        self.text = text
        self.style = style
    }
}

/// One line of the logs pane: a container's line, or a marker the pane adds (a gap, a pod that came or went).
package struct LogLine: Hashable, Sendable {
    package enum Kind: Hashable, Sendable {
        case text
        /// Something infratop says about the stream, not something the container wrote.
        case marker
    }

    package var kind: Kind
    /// The pod that wrote it, shown as a prefix when several pods' streams are merged.
    package var pod: String?
    /// The kubelet's RFC 3339 time of the line, as it came over the wire.
    package var timestamp: String?
    package var spans: [LogSpan]
    /// The spans' text, kept for filtering and saving.
    package var text: String

    package init(kind: Kind = .text, pod: String? = nil, timestamp: String? = nil, spans: [LogSpan]) {
        self.kind = kind
        self.pod = pod
        self.timestamp = timestamp
        self.spans = spans
        self.text = spans.map(\.text).joined()
    }

    /// A marker line in infratop's own words.
    package static func marker(_ text: String, pod: String? = nil) -> LogLine {
        LogLine(kind: .marker, pod: pod, spans: [LogSpan(text)])
    }
}
