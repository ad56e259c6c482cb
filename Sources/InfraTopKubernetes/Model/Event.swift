import Foundation

/// A core/v1 Event: something that happened to an object, such as `FailedScheduling` for a pod.
///
/// Events written through the newer events.k8s.io API reach core/v1 with `eventTime` and
/// `series` instead of `firstTimestamp`, `lastTimestamp` and `count`; ``firstSeen``,
/// ``lastSeen`` and ``occurrences`` read either form as `kubectl get events` does.
package struct Event: Codable, Sendable, Equatable, OmittedWhenEmpty {
    @OmitEmpty package var metadata: ObjectMeta = ObjectMeta()
    @OmitEmpty package var involvedObject: ObjectReference = ObjectReference()
    @OmitEmpty package var reason: String = ""
    @OmitEmpty package var message: String = ""
    /// `Normal` or `Warning`.
    @OmitEmpty package var type: String = ""
    @OmitEmpty package var count: Int = 0
    @Timestamp package var firstTimestamp: Date?
    @Timestamp package var lastTimestamp: Date?
    @MicroTimestamp package var eventTime: Date?
    package var series: Series?
    @OmitEmpty package var source: Source = Source()
    /// The controller that emitted the event (`reportingComponent` in the JSON).
    @OmitEmpty package var reportingController: String = ""
    @OmitEmpty package var reportingInstance: String = ""
    @OmitEmpty package var action: String = ""

    enum CodingKeys: String, CodingKey {
        case metadata, involvedObject, reason, message, type, count, firstTimestamp, lastTimestamp
        case eventTime, series, source, action, reportingInstance
        case reportingController = "reportingComponent"
    }

    package init(
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

    package static var emptyValue: Event { Event() }

    /// The object the event is about.
    package struct ObjectReference: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty package var kind: String = ""
        @OmitEmpty package var namespace: String = ""
        @OmitEmpty package var name: String = ""
        @OmitEmpty package var uid: String = ""
        /// The part of the object, such as `spec.containers{kafka}`.
        @OmitEmpty package var fieldPath: String = ""

        init(kind: String = "", namespace: String = "", name: String = "", uid: String = "", fieldPath: String = "") {
            self.kind = kind
            self.namespace = namespace
            self.name = name
            self.uid = uid
            self.fieldPath = fieldPath
        }

        package static var emptyValue: ObjectReference { ObjectReference() }
    }

    /// A run of repeats of the same event, reported instead of bumping `count`.
    package struct Series: Codable, Sendable, Equatable {
        @OmitEmpty package var count: Int = 0
        @MicroTimestamp package var lastObservedTime: Date?

        init(count: Int, lastObservedTime: Date? = nil) {
            self.count = count
            self.lastObservedTime = lastObservedTime
        }
    }

    /// The component (and host) that reported the event, in the older form.
    package struct Source: Codable, Sendable, Equatable, OmittedWhenEmpty {
        @OmitEmpty package var component: String = ""
        @OmitEmpty package var host: String = ""

        package init(component: String = "", host: String = "") {
            self.component = component
            self.host = host
        }

        package static var emptyValue: Source { Source() }
    }

    /// True for `Warning` events, the ones that explain trouble.
    package var isWarning: Bool { type == "Warning" }

    /// When it first happened: `firstTimestamp`, or `eventTime` for events without one.
    package var firstSeen: Date? {
        firstTimestamp ?? eventTime
    }

    /// When it last happened: the series' last observation, else `lastTimestamp`, else ``firstSeen``.
    package var lastSeen: Date? {
        if let series { return series.lastObservedTime }
        return lastTimestamp ?? firstSeen
    }

    /// How often it happened: the series count, else `count`, and 1 for a singleton event
    /// that the newer API writes without a count.
    package var occurrences: Int {
        if let series { return series.count }
        return count == 0 ? 1 : count
    }
}
