import Foundation
import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKubernetes

@Suite struct KubeCacheTests {
    let purpose = RequestPurpose(verb: "watch", resource: "pods", namespace: "e-commerce-saga")

    func pod(_ name: String, uid: String, version: String, phase: String = "Running") -> Pod {
        Pod(metadata: ObjectMeta(name: name, namespace: "e-commerce-saga", uid: uid, resourceVersion: version),
            status: { var status = PodStatus(); status.phase = phase; return status }())
    }

    func line(_ text: String) throws -> WatchEvent<Pod> {
        try WatchLine.decode(Array(text.utf8), as: Pod.self, purpose: purpose)
    }

    @Test func parsesEveryKindOfWatchLine() throws {
        #expect(try line(#"{"type":"ADDED","object":{"metadata":{"name":"kafka-0","uid":"u0","resourceVersion":"5"}}}"#)
            == .added(Pod(metadata: ObjectMeta(name: "kafka-0", uid: "u0", resourceVersion: "5"))))
        #expect(try line(#"{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12","annotations":{"k8s.io/initial-events-end":"true"}}}}"#)
            == .bookmark(resourceVersion: "12"))
        #expect(try line(#"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 3 (9)","reason":"Expired","code":410}}"#)
            == .error(Status(status: "Failure", message: "too old resource version: 3 (9)", reason: "Expired", code: 410)))
    }

    @Test func badWatchLinesAreSentencesWithoutValues() {
        #expect(throws: KubernetesError(.invalidResponse, "A watch pods in namespace e-commerce-saga event could not be read: not JSON")) {
            try line("{secret-looking garbage")
        }
        #expect(throws: KubernetesError(.invalidResponse, "A watch pods in namespace e-commerce-saga event could not be read: type is malformed")) {
            try line(#"{"type":"SHRUG","object":{}}"#)
        }
    }

    @Test func appliesAddedModifiedDeletedBookmarkAndExpired() {
        var store = ObjectStore<Pod>()
        store.replace(with: PodList(metadata: ListMeta(resourceVersion: "10"), items: [pod("kafka-0", uid: "a", version: "9")]))
        #expect(store.resourceVersion == "10")
        #expect(store.apply(.added(pod("kafka-1", uid: "b", version: "11", phase: "Pending"))) == .applied)
        #expect(store.apply(.modified(pod("kafka-1", uid: "b", version: "12"))) == .applied)
        #expect(store.items.map(\.status.phase) == ["Running", "Running"])
        #expect(store.resourceVersion == "12")
        // A recreated pod has a new uid: deleting the old one leaves the new one.
        #expect(store.apply(.added(pod("kafka-0", uid: "c", version: "13", phase: "Pending"))) == .applied)
        #expect(store.apply(.deleted(pod("kafka-0", uid: "a", version: "14"))) == .applied)
        #expect(store.items.map { "\($0.metadata.name)/\($0.metadata.uid)" } == ["kafka-0/c", "kafka-1/b"])
        #expect(store.apply(.bookmark(resourceVersion: "20")) == .bookmark)
        #expect(store.resourceVersion == "20")
        let gone = Status(message: "too old resource version: 20 (30)", reason: "Expired", code: 410)
        #expect(store.apply(.error(gone)) == .expired(gone))
        let other = Status(message: "internal error", reason: "InternalError", code: 500)
        #expect(store.apply(.error(other)) == .failed(other))
        #expect(store.resourceVersion == "20")
        // A list replaces everything, deletions missed while disconnected included.
        store.replace(with: PodList(metadata: ListMeta(resourceVersion: "40"), items: [pod("kafka-1", uid: "b", version: "39")]))
        #expect(store.items.map(\.metadata.name) == ["kafka-1"])
    }

    @Test func keepsOnlyTheNewestEvents() {
        var store = ObjectStore<Event>(limit: 3) { $0.lastSeen ?? .distantPast }
        for index in 0..<10 {
            let event = Event(metadata: ObjectMeta(name: "e\(index)", uid: "u\(index)"),
                              lastTimestamp: Date(timeIntervalSince1970: Double(index * 100 % 700)))
            _ = store.apply(.added(event))
        }
        // Times: e0 0, e1 100, ... e6 600, e7 0, e8 100, e9 200 → the newest are e4, e5, e6.
        #expect(store.items.map(\.metadata.name) == ["e4", "e5", "e6"])
    }

    @Test func lineBufferSplitsAcrossChunksAndCapsLines() throws {
        var buffer = LineBuffer(maximumLineLength: 8, overflow: .fail)
        #expect(try buffer.append(ByteBuffer(string: "ab")) == [])
        #expect(try buffer.append(ByteBuffer(string: "c\nde\r\nf")) == [Array("abc".utf8), Array("de".utf8)])
        #expect(buffer.flush() == Array("f".utf8))
        #expect(throws: LineBuffer.LineTooLong.self) { try buffer.append(ByteBuffer(string: "123456789")) }

        var logs = LineBuffer(maximumLineLength: 4, overflow: .truncate)
        #expect(try logs.append(ByteBuffer(string: "1234567")) == [])
        #expect(try logs.append(ByteBuffer(string: "89\r\nok\n")) == [Array("1234… 5 bytes cut".utf8), Array("ok".utf8)])
        #expect(logs.flush() == nil)
        // A stream that ends inside an over-long line still shows its start and what was cut.
        #expect(try logs.append(ByteBuffer(string: "abcdefg")) == [])
        #expect(logs.flush() == Array("abcd… 3 bytes cut".utf8))
        // Whole in one chunk or not, a long line is cut the same way.
        #expect(try logs.append(ByteBuffer(string: "123456\r\nok\n")) == [Array("1234… 2 bytes cut".utf8), Array("ok".utf8)])
    }

    @Test func queryValuesArePercentEncoded() {
        #expect(QueryString.encode([("continue", "eyJ2Ijoi+/=="), ("labelSelector", "app in (a,b)")])
            == "continue=eyJ2Ijoi%2B%2F%3D%3D&labelSelector=app%20in%20%28a%2Cb%29")
        #expect(KubernetesResource.statefulSets.path(namespace: "e-commerce-saga") == "/apis/apps/v1/namespaces/e-commerce-saga/statefulsets")
        #expect(KubernetesResource.events.path(namespace: "x") == "/api/v1/namespaces/x/events")
    }
}

@Suite struct KubeErrorSentenceTests {
    let list = RequestPurpose(verb: "list", resource: "pods", namespace: "e-commerce-saga")

    func sentence(_ code: Int, _ status: Status?) -> KubernetesError {
        KubernetesError.from(statusCode: code, status: status, purpose: list, context: "prod", server: "https://k:6443")
    }

    @Test func mapsStatusObjectsToSentences() {
        #expect(sentence(401, Status(message: "Unauthorized", reason: "Unauthorized", code: 401)).message
            == "Unauthorized for context prod: the API server at https://k:6443 rejected the credentials; log in again or check the kubeconfig user")
        let rbac = #"pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "e-commerce-saga""#
        let forbidden = sentence(403, Status(message: rbac, reason: "Forbidden", code: 403))
        #expect(forbidden.kind == .forbidden)
        #expect(forbidden.message == "RBAC forbids list pods in namespace e-commerce-saga: \(rbac)")
        #expect(sentence(403, nil).message == "RBAC forbids list pods in namespace e-commerce-saga")
        #expect(sentence(410, Status(message: "too old resource version: 1 (5)", reason: "Expired", code: 410)).kind == .expired)
        #expect(sentence(404, Status(message: "namespaces \"x\" not found", reason: "NotFound", code: 404)).message
            == "Not found: list pods in namespace e-commerce-saga (namespaces \"x\" not found)")
        #expect(sentence(503, Status(message: "etcd is down", reason: "ServiceUnavailable", code: 503)).message
            == "The API server at https://k:6443 answered 503 to list pods in namespace e-commerce-saga: ServiceUnavailable: etcd is down")
        #expect(sentence(502, nil).message == "The API server at https://k:6443 answered 502 to list pods in namespace e-commerce-saga")
        let logs = RequestPurpose(verb: "get", resource: "pods/log", namespace: "n", name: "kafka-0")
        #expect(KubernetesError.from(statusCode: 400, status: Status(message: "previous terminated container \"kafka\" in pod \"kafka-0\" not found", reason: "BadRequest", code: 400),
                                     purpose: logs, context: "c", server: "s").message
            == "The API server at s answered 400 to get pods/log kafka-0 in namespace n: BadRequest: previous terminated container \"kafka\" in pod \"kafka-0\" not found")
    }
}

@Suite struct KubeLogOptionsTests {
    @Test func buildsTheQueryKubectlLogsSends() {
        let options = LogOptions(container: "kafka", follow: true, previous: true, tailLines: 100, timestamps: true,
                                 sinceTime: Date(timeIntervalSince1970: 1_795_597_331), sinceSeconds: 60, limitBytes: 4096)
        #expect(options.query.map { "\($0.0)=\($0.1)" } == [
            "container=kafka", "follow=true", "previous=true", "tailLines=100", "timestamps=true",
            "sinceTime=2026-11-25T09:02:11Z", "sinceSeconds=60", "limitBytes=4096",
        ])
        #expect(LogOptions().query.isEmpty)
    }
}
