import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopKubernetes

@Suite struct KubernetesDecodingTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    // MARK: Timestamps

    @Test(arguments: [
        ("2026-11-25T09:02:11Z", 1_795_597_331.0),
        ("2026-11-25T09:02:11.5Z", 1_795_597_331.5),
        ("2026-11-25T09:02:11.123456Z", 1_795_597_331.123456),
        ("2026-11-25T10:02:11+01:00", 1_795_597_331.0),
        ("2026-11-25T04:32:11-04:30", 1_795_597_331.0),
        ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
    ])
    func parsesRFC3339(text: String, secondsSince1970: Double) throws {
        let date = try #require(RFC3339.date(from: text))
        #expect(abs(date.timeIntervalSince1970 - secondsSince1970) < 0.000_001)
    }

    @Test(arguments: [
        "", "2026-11-25", "2026-11-25 09:02:11Z", "2026-11-25T09:02:11", "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T09:02:11.Z", "2026-11-25T09:02:11Zjunk", "yesterday",
    ])
    func rejectsWhatIsNotRFC3339(text: String) {
        #expect(RFC3339.date(from: text) == nil)
    }

    @Test func writesRFC3339() throws {
        let date = Date(timeIntervalSince1970: 1_795_597_331.123456)
        #expect(RFC3339.string(from: date) == "2026-11-25T09:02:11Z")
        #expect(RFC3339.string(from: date, fractionalDigits: 6) == "2026-11-25T09:02:11.123456Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        // Seconds are truncated, as Go writes metav1.Time; float noise is not.
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_795_597_331.9999)) == "2026-11-25T09:02:11Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_795_597_331.9999999), fractionalDigits: 6) == "2026-11-25T09:02:12.000000Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func extremeDatesAndDurationsDoNotTrap() {
        #expect(RFC3339.string(from: .distantFuture) == "4001-01-01T00:00:00Z")
        #expect(RFC3339.string(from: .distantPast, fractionalDigits: 6) == "0000-12-30T00:00:00.000000Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1e20)) == "9999-12-31T23:59:59Z")
        #expect(HumanDuration.format(.infinity) == "292y")
        #expect(HumanDuration.format(-.infinity) == "<invalid>")
        #expect(HumanDuration.format(.nan) == "0s")
        #expect(HumanDuration.formatShort(1e300) == "292y")
    }

    @Test func badOrNullTimestampsDecodeAsNilWithoutFailingTheObject() throws {
        let meta = try decode(ObjectMeta.self, #"{"name": "kafka-0", "creationTimestamp": "last tuesday", "deletionTimestamp": null}"#)
        #expect(meta.name == "kafka-0")
        #expect(meta.creationTimestamp == nil)
        #expect(meta.deletionTimestamp == nil)
        let numeric = try decode(ObjectMeta.self, #"{"name": "kafka-0", "creationTimestamp": 12}"#)
        #expect(numeric.creationTimestamp == nil)
    }

    // MARK: Objects

    @Test func emptyObjectDecodesToEmptyValues() throws {
        let pod = try decode(Pod.self, "{}")
        #expect(pod == Pod())
        #expect(pod.metadata.labels.isEmpty)
        #expect(pod.status.containerStatuses.isEmpty)
    }

    @Test func podKeepsWhatInfratopReads() throws {
        let pod = try decode(Pod.self, podJSON(
            spec: #"""
            {"initContainers": [{"name": "log-shipper", "image": "fluent-bit:3", "restartPolicy": "Always"}],
             "containers": [{"name": "kafka", "image": "confluentinc/cp-kafka:7.6.0",
               "env": [{"name": "KAFKA_BROKER_ID", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels['apps.kubernetes.io/pod-index']"}}},
                       {"name": "KAFKA_ADVERTISED_LISTENERS", "value": "PLAINTEXT://kafka-client:9092"},
                       {"name": "KAFKA_OPTS"}],
               "readinessProbe": {"tcpSocket": {"port": 9092}, "initialDelaySeconds": 10, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}}],
             "readinessGates": [{"conditionType": "example.com/ready"}],
             "nodeName": "node-b"}
            """#,
            status: #"{"phase": "Running", "startTime": "2026-11-25T09:00:01Z", "containerStatuses": [\#(runningStatus("kafka", restarts: 2, lastFinished: "2026-11-25T09:50:00Z"))]}"#))
        #expect(pod.metadata.namespace == "e-commerce-saga")
        #expect(pod.metadata.controller == OwnerReference(apiVersion: "apps/v1", kind: "StatefulSet", name: "kafka", uid: "0b7a7a3e-3c0f-4d2e-8f62-7a1f1d2c9b10", controller: true))
        #expect(pod.metadata.creationTimestamp == RFC3339.date(from: "2026-11-25T09:00:00Z"))
        #expect(pod.spec.nodeName == "node-b")
        #expect(pod.spec.initContainers.first?.isRestartableInitContainer == true)
        let kafka = try #require(pod.spec.containers.first)
        #expect(kafka.readinessProbe != nil)
        #expect(kafka.env == [
            EnvVar(name: "KAFKA_BROKER_ID", valueFrom: EnvVarSource()),
            EnvVar(name: "KAFKA_ADVERTISED_LISTENERS", value: "PLAINTEXT://kafka-client:9092"),
            EnvVar(name: "KAFKA_OPTS"),
        ])
        #expect(pod.spec.readinessGates == [PodReadinessGate(conditionType: "example.com/ready")])
        let status = try #require(pod.status.containerStatuses.first)
        #expect(status.restartCount == 2)
        #expect(status.started == true)
        #expect(status.state.running?.startedAt == RFC3339.date(from: "2026-11-25T09:00:10Z"))
        #expect(status.lastState.terminated == ContainerState.Terminated(
            exitCode: 1, reason: "Error",
            startedAt: RFC3339.date(from: "2026-11-25T09:30:00Z"), finishedAt: RFC3339.date(from: "2026-11-25T09:50:00Z")))
        #expect(pod.status.startTime == RFC3339.date(from: "2026-11-25T09:00:01Z"))
    }

    @Test func encodingLeavesEmptyFieldsOutLikeTheServer() throws {
        let pod = Pod(
            metadata: ObjectMeta(name: "kafka-0", creationTimestamp: RFC3339.date(from: "2026-11-25T09:00:00Z")),
            spec: PodSpec(containers: [Container(name: "kafka")]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(pod), as: UTF8.self)
        #expect(json == #"{"metadata":{"creationTimestamp":"2026-11-25T09:00:00Z","name":"kafka-0"},"spec":{"containers":[{"name":"kafka"}]}}"#)
        #expect(try decode(Pod.self, json) == pod)
    }

    @Test func statefulSetDefaultsFollowTheAPI() throws {
        let set = try decode(StatefulSet.self, #"""
        {"apiVersion": "apps/v1", "kind": "StatefulSet",
         "metadata": {"name": "kafka", "namespace": "e-commerce-saga", "uid": "0b7a7a3e", "generation": 3, "creationTimestamp": "2026-11-20T08:00:00Z"},
         "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "kafka"}}, "serviceName": "kafka-headless",
                  "template": {"metadata": {"labels": {"app": "kafka"}}, "spec": {"containers": [{"name": "kafka", "image": "confluentinc/cp-kafka:7.6.0"}]}},
                  "podManagementPolicy": "OrderedReady", "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}, "revisionHistoryLimit": 10},
         "status": {"observedGeneration": 3, "replicas": 2, "readyReplicas": 1, "currentReplicas": 2, "updatedReplicas": 2,
                    "currentRevision": "kafka-6c8d5f7b9", "updateRevision": "kafka-6c8d5f7b9", "collisionCount": 0, "availableReplicas": 1}}
        """#)
        #expect(set.desiredReplicas == 3)
        #expect(set.isOrderedReady)
        #expect(set.spec.serviceName == "kafka-headless")
        #expect(set.spec.selector.matchLabels == ["app": "kafka"])
        #expect(set.status == StatefulSet.Status(replicas: 2, readyReplicas: 1, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 1))
        #expect(set.desiredPodNames == ["kafka-0", "kafka-1", "kafka-2"])

        let bare = try decode(StatefulSet.self, #"{"metadata": {"name": "redis"}, "spec": {"podManagementPolicy": "Parallel", "ordinals": {"start": 1}}, "status": {"availableReplicas": 0}}"#)
        #expect(bare.desiredReplicas == 1)
        #expect(!bare.isOrderedReady)
        #expect(bare.desiredPodNames == ["redis-1"])
        #expect(bare.status.readyReplicas == 0)
    }

    @Test func deploymentWithConditions() throws {
        let deployment = try decode(Deployment.self, #"""
        {"metadata": {"name": "order-service", "namespace": "e-commerce-saga"},
         "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "order-service"}}},
         "status": {"observedGeneration": 1, "replicas": 2, "updatedReplicas": 2, "readyReplicas": 1, "availableReplicas": 1, "unavailableReplicas": 1,
           "conditions": [
             {"type": "Available", "status": "False", "lastUpdateTime": "2026-11-25T09:00:00Z", "lastTransitionTime": "2026-11-25T09:00:00Z", "reason": "MinimumReplicasUnavailable", "message": "Deployment does not have minimum availability."},
             {"type": "Progressing", "status": "True", "lastUpdateTime": "2026-11-25T09:00:00Z", "lastTransitionTime": "2026-11-25T09:00:00Z", "reason": "ReplicaSetUpdated", "message": "ReplicaSet \"order-service-7d9f8b6c5d\" is progressing."}]}}
        """#)
        #expect(deployment.desiredReplicas == 2)
        #expect(deployment.status.unavailableReplicas == 1)
        #expect(deployment.condition("Available")?.reason == "MinimumReplicasUnavailable")
        #expect(deployment.condition("Progressing")?.lastTransitionTime == RFC3339.date(from: "2026-11-25T09:00:00Z"))
    }

    @Test(arguments: [
        (["app": "kafka", "tier": "data"], true),
        (["app": "kafka", "tier": "web"], false),
        (["app": "kafka", "tier": "data", "canary": "yes"], false),
        (["app": "redis", "tier": "data"], false),
    ])
    func labelSelectorMatches(labels: [String: String], expected: Bool) {
        let selector = LabelSelector(matchLabels: ["app": "kafka"], matchExpressions: [
            LabelSelector.Requirement(key: "tier", operator: "In", values: ["data", "cache"]),
            LabelSelector.Requirement(key: "canary", operator: "DoesNotExist"),
        ])
        #expect(selector.matches(labels) == expected)
    }

    // MARK: Lists and watches

    @Test func podListWithContinueToken() throws {
        let list = try decode(PodList.self, #"""
        {"kind": "PodList", "apiVersion": "v1",
         "metadata": {"resourceVersion": "48213", "continue": "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDgyMTMsInN0YXJ0IjoiazAifQ", "remainingItemCount": 7},
         "items": [\#(podJSON(name: "kafka-0", spec: oneContainer, status: #"{"phase": "Running"}"#)), \#(podJSON(name: "kafka-1", spec: oneContainer, status: #"{"phase": "Pending"}"#))]}
        """#)
        #expect(list.metadata.resourceVersion == "48213")
        #expect(list.metadata.continue == "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDgyMTMsInN0YXJ0IjoiazAifQ")
        #expect(list.metadata.remainingItemCount == 7)
        #expect(list.items.map(\.metadata.name) == ["kafka-0", "kafka-1"])
        #expect(list.items.map(\.status.phase) == ["Running", "Pending"])
    }

    @Test func emptyListWithNullItems() throws {
        let list = try decode(EventList.self, #"{"kind": "EventList", "apiVersion": "v1", "metadata": {"resourceVersion": "9"}, "items": null}"#)
        #expect(list.items.isEmpty)
        #expect(list.metadata.continue == "")
    }

    @Test func watchEventsOfEveryType() throws {
        let lines = [
            #"{"type":"ADDED","object":\#(podJSON(name: "kafka-0", spec: oneContainer, status: #"{"phase":"Running"}"#))}"#,
            #"{"type":"MODIFIED","object":\#(podJSON(name: "kafka-1", spec: oneContainer, status: #"{"phase":"Pending"}"#))}"#,
            #"{"type":"DELETED","object":\#(podJSON(name: "kafka-2", spec: oneContainer, status: #"{"phase":"Running"}"#))}"#,
            #"{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"48990","creationTimestamp":null,"annotations":{"k8s.io/initial-events-end":"true"}},"spec":{"containers":null},"status":{}}}"#,
            #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 48213 (48990)","reason":"Expired","code":410}}"#,
        ]
        let events = try lines.map { try decode(WatchEvent<Pod>.self, $0) }
        guard case .added(let added) = events[0], case .modified(let modified) = events[1], case .deleted(let deleted) = events[2] else {
            Issue.record("unexpected events \(events)")
            return
        }
        #expect(added.metadata.name == "kafka-0")
        #expect(modified.status.phase == "Pending")
        #expect(deleted.metadata.name == "kafka-2")
        #expect(events[3] == .bookmark(resourceVersion: "48990"))
        let gone = Status(status: "Failure", message: "too old resource version: 48213 (48990)", reason: "Expired", code: 410)
        #expect(events[4] == .error(gone))
        #expect(gone.isResourceVersionExpired)
        #expect(gone.description == "410 Expired: too old resource version: 48213 (48990)")
    }

    @Test func unknownWatchTypeIsAnErrorNotATrap() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(WatchEvent<Pod>.self, from: Data(#"{"type":"RESTARTED","object":{}}"#.utf8))
        }
    }

    @Test func watchEventRoundTrip() throws {
        let original = WatchEvent<Pod>.bookmark(resourceVersion: "77")
        let data = try JSONEncoder().encode(original)
        #expect(try JSONDecoder().decode(WatchEvent<Pod>.self, from: data) == original)
    }

    @Test func statusOfAFailedRequest() throws {
        let status = try decode(Status.self, #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \"system:serviceaccount:e-commerce-saga:infratop\" cannot list resource \"pods\" in API group \"\" in the namespace \"e-commerce-saga\"","reason":"Forbidden","details":{"kind":"pods"},"code":403}"#)
        #expect(status.code == 403)
        #expect(status.reason == "Forbidden")
        #expect(!status.isResourceVersionExpired)
    }

    // MARK: Events

    @Test func coreEventWithCountAndTimestamps() throws {
        let event = try decode(Event.self, #"""
        {"kind": "Event", "apiVersion": "v1",
         "metadata": {"name": "kafka-1.17f3a0c2b1d4e5f6", "namespace": "e-commerce-saga", "uid": "e1", "resourceVersion": "48300", "creationTimestamp": "2026-11-25T09:46:00Z"},
         "involvedObject": {"kind": "Pod", "namespace": "e-commerce-saga", "name": "kafka-1", "uid": "5e0d3b1c", "apiVersion": "v1", "resourceVersion": "48213"},
         "reason": "FailedScheduling", "message": "0/3 nodes are available: 3 Insufficient memory.",
         "source": {"component": "default-scheduler"},
         "firstTimestamp": "2026-11-25T09:46:00Z", "lastTimestamp": "2026-11-25T09:56:00Z", "count": 11, "type": "Warning",
         "eventTime": null, "reportingComponent": "", "reportingInstance": ""}
        """#)
        #expect(event.involvedObject.kind == "Pod")
        #expect(event.involvedObject.name == "kafka-1")
        #expect(event.isWarning)
        #expect(event.source.component == "default-scheduler")
        #expect(event.occurrences == 11)
        #expect(event.firstSeen == RFC3339.date(from: "2026-11-25T09:46:00Z"))
        #expect(event.lastSeen == RFC3339.date(from: "2026-11-25T09:56:00Z"))
    }

    @Test func newStyleEventWithMicroTimeAndSeries() throws {
        let event = try decode(Event.self, #"""
        {"metadata": {"name": "kafka-1.17f3a0c2c0000000", "namespace": "e-commerce-saga"},
         "involvedObject": {"kind": "Pod", "namespace": "e-commerce-saga", "name": "kafka-1", "fieldPath": "spec.containers{kafka}"},
         "reason": "BackOff", "message": "Back-off restarting failed container kafka in pod kafka-1_e-commerce-saga(5e0d3b1c)",
         "source": {}, "firstTimestamp": null, "lastTimestamp": null, "type": "Warning",
         "eventTime": "2026-11-25T09:47:12.345678Z",
         "series": {"count": 42, "lastObservedTime": "2026-11-25T09:59:01.000001Z"},
         "action": "Restarting", "reportingComponent": "kubelet", "reportingInstance": "node-a"}
        """#)
        #expect(event.reportingController == "kubelet")
        #expect(event.reportingInstance == "node-a")
        #expect(event.involvedObject.fieldPath == "spec.containers{kafka}")
        #expect(event.occurrences == 42)
        let eventTime = try #require(event.eventTime)
        #expect(abs(eventTime.timeIntervalSince1970 - 1_795_600_032.345678) < 0.000_001)
        #expect(event.firstSeen == event.eventTime)
        #expect(event.lastSeen == event.series?.lastObservedTime)
        #expect(RFC3339.string(from: eventTime, fractionalDigits: 6) == "2026-11-25T09:47:12.345678Z")
    }

    @Test func singletonNewStyleEventCountsOnce() throws {
        let event = try decode(Event.self, #"{"reason": "Scheduled", "type": "Normal", "eventTime": "2026-11-25T09:00:00.000000Z", "reportingComponent": "default-scheduler"}"#)
        #expect(event.occurrences == 1)
        #expect(event.lastSeen == RFC3339.date(from: "2026-11-25T09:00:00Z"))
        #expect(!event.isWarning)
    }
}
