import Foundation

/// A core/v1 Event: something that happened to an object, such as `FailedScheduling` for a pod.
///
/// Events written through the newer events.k8s.io API reach core/v1 with `eventTime` and
/// `series` instead of `firstTimestamp`, `lastTimestamp` and `count`; ``firstSeen``,
/// ``lastSeen`` and ``occurrences`` read either form as `kubectl get events` does.
public struct Event: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty public var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty public var involvedObject: ObjectReference = ObjectReference()
    @OmitEmpty public var reason: String = ""
    @OmitEmpty public var message: String = ""
    /// `Normal` or `Warning`.
    @OmitEmpty public var type: String = ""
    @OmitEmpty public var count: Int = 0
    @Timestamp public var firstTimestamp: Date?
    @Timestamp public var lastTimestamp: Date?
    @MicroTimestamp public var eventTime: Date?
    public var series: Series?
    @OmitEmpty public var source: Source = Source()
    /// The controller that emitted the event (`reportingComponent` in the JSON).
    @OmitEmpty public var reportingController: String = ""
    @OmitEmpty public var reportingInstance: String = ""
    @OmitEmpty public var action: String = ""

    enum CodingKeys: String, CodingKey {
        case metadata, involvedObject, reason, message, type, count, firstTimestamp, lastTimestamp
        case eventTime, series, source, action, reportingInstance
        case reportingController = "reportingComponent"
    }

    public init(
        metadata: ObjectMeta = ObjectMeta(),
        involvedObject: ObjectReference = ObjectReference(),
        reason: String = "",
        message: String = "",
        type: String = "",
        count: Int = 0,
        firstTimestamp: Date? = nil,
        lastTimestamp: Date? = nil,
        eventTime: Date? = nil,
        series: Series? = nil
    ) {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
        self.count = count
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.eventTime = eventTime
        self.series = series
    }

    public static var emptyValue: Event { Event() }

    /// The object the event is about.
    public struct ObjectReference: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty public var kind: String = ""
        @OmitEmpty public var namespace: String = ""
        @OmitEmpty public var name: String = ""
        @OmitEmpty public var uid: String = ""
        /// The part of the object, such as `spec.containers{kafka}`.
        @OmitEmpty public var fieldPath: String = ""

        public init(kind: String = "", namespace: String = "", name: String = "", uid: String = "", fieldPath: String = "") {
            self.kind = kind
            self.namespace = namespace
            self.name = name
            self.uid = uid
            self.fieldPath = fieldPath
        }

        public static var emptyValue: ObjectReference { ObjectReference() }
    }

    /// A run of repeats of the same event, reported instead of bumping `count`.
    public struct Series: Codable, Sendable, Equatable {
        @OmitEmpty public var count: Int = 0
        @MicroTimestamp public var lastObservedTime: Date?

        public init(count: Int, lastObservedTime: Date? = nil) {
            self.count = count
            self.lastObservedTime = lastObservedTime
        }
    }

    /// The component (and host) that reported the event, in the older form.
    public struct Source: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty public var component: String = ""
        @OmitEmpty public var host: String = ""

        public init(component: String = "", host: String = "") {
            self.component = component
            self.host = host
        }

        public static var emptyValue: Source { Source() }
    }

    /// True for `Warning` events, the ones that explain trouble.
    public var isWarning: Bool { type == "Warning" }

    /// When it first happened: `firstTimestamp`, or `eventTime` for events without one.
    public var firstSeen: Date? {
        firstTimestamp ?? eventTime
    }

    /// When it last happened: the series' last observation, else `lastTimestamp`, else ``firstSeen``.
    public var lastSeen: Date? {
        if let series { return series.lastObservedTime }
        return lastTimestamp ?? firstSeen
    }

    /// How often it happened: the series count, else `count`, and 1 for a singleton event
    /// that the newer API writes without a count.
    public var occurrences: Int {
        if let series { return series.count }
        return count == 0 ? 1 : count
    }
}
