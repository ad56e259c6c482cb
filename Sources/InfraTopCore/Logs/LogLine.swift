/// A colour a log line asked for with SGR, as an xterm palette index or 24-bit value.
public enum LogColor: Hashable, Sendable {
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

/// What SGR left in effect for a run of log text; the UI turns it into a cell style.
public struct LogStyle: Hashable, Sendable {
    public var foreground: LogColor?
    public var background: LogColor?
    public var isBold = false
    public var isItalic = false
    public var isUnderlined = false

    public init(foreground: LogColor? = nil, background: LogColor? = nil, isBold: Bool = false, isItalic: Bool = false, isUnderlined: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.isBold = isBold
        self.isItalic = isItalic
        self.isUnderlined = isUnderlined
    }

    public static let plain = LogStyle()
}

/// A run of log text in one style; the text holds no control characters or escape sequences.
public struct LogSpan: Hashable, Sendable {
    public var text: String
    public var style: LogStyle

    public init(_ text: String, style: LogStyle = .plain) {
        self.text = text
        self.style = style
    }
}

/// One line of the logs pane: a container's line, or a marker the pane adds (a gap, a pod that came or went).
public struct LogLine: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case text
        /// Something infratop says about the stream, not something the container wrote.
        case marker
    }

    public var kind: Kind
    /// The pod that wrote it, shown as a prefix when several pods' streams are merged.
    public var pod: String?
    /// The kubelet's RFC 3339 time of the line, as it came over the wire.
    public var timestamp: String?
    public var spans: [LogSpan]
    /// The spans' text, kept for filtering and saving.
    public var text: String

    public init(kind: Kind = .text, pod: String? = nil, timestamp: String? = nil, spans: [LogSpan]) {
        self.kind = kind
        self.pod = pod
        self.timestamp = timestamp
        self.spans = spans
        self.text = spans.map(\.text).joined()
    }

    /// A marker line in infratop's own words.
    public static func marker(_ text: String, pod: String? = nil) -> LogLine {
        LogLine(kind: .marker, pod: pod, spans: [LogSpan(text)])
    }
}
