"""Pure pieces: kubectl's duration format, the history window, selectors."""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from k8slab import portforward, websocket  # noqa: E402
from k8slab.changes import Changes  # noqa: E402
from k8slab.churn import Churn, NoFillerPods  # noqa: E402
from k8slab.errors import ApiError  # noqa: E402
from k8slab.objects import qos_class  # noqa: E402
from k8slab.scenario import Scenario  # noqa: E402
from k8slab.selectors import matcher  # noqa: E402
from k8slab.store import Store, TooOld  # noqa: E402
from k8slab.timefmt import human_duration, parse_rfc3339, rfc3339_nano  # noqa: E402


class HumanDurationTest(unittest.TestCase):
    def test_matches_apimachinery(self):
        # Cases from k8s.io/apimachinery/pkg/util/duration/duration_test.go
        cases = [(1, "1s"), (70, "70s"), (190, "3m10s"), (70 * 60, "70m"), (47 * 3600, "47h"),
                 (49 * 3600, "2d1h"), ((8 * 24 + 2) * 3600, "8d"), (367 * 24 * 3600, "367d"),
                 ((365 * 2 + 1) * 24 * 3600, "2y1d"), ((365 * 8 + 1) * 24 * 3600, "8y"),
                 (-1, "0s"), (-2, "<invalid>"), (600, "10m"), (3 * 3600 + 60, "3h1m"), (8 * 3600, "8h")]
        for seconds, text in cases:
            self.assertEqual(human_duration(seconds), text, seconds)


class TimestampTest(unittest.TestCase):
    def test_round_trip(self):
        self.assertEqual(rfc3339_nano(0.5), "1970-01-01T00:00:00.500000000Z")
        self.assertAlmostEqual(parse_rfc3339("1970-01-01T00:00:01.123456789Z"), 1.123456, places=5)


def pod(name, **labels):
    return {"metadata": {"name": name, "namespace": "ns", "labels": labels}, "status": {"phase": "Running"}}


class StoreTest(unittest.TestCase):
    def test_window_expires_old_versions(self):
        s = Store(window=3, first_rv=100)
        s.load("pods", pod("a"))
        listed = s.rv
        for i in range(5):
            s.put("pods", pod("p%d" % i))
        with s.cond:
            with self.assertRaises(TooOld) as e:
                s.changes_since(listed)
            self.assertEqual(str(e.exception), "too old resource version: 101 (103)")
            self.assertEqual([h[0] for h in s.changes_since(s.rv - 2)], [s.rv - 1, s.rv])

    def test_compact_keeps_current_watchers_valid(self):
        s = Store(window=10, first_rv=1)
        s.put("pods", pod("a"))
        s.compact()
        with s.cond:
            self.assertEqual(s.changes_since(s.rv), [])
            with self.assertRaises(TooOld):
                s.changes_since(s.rv - 1)


    def test_snapshot_objects_are_never_changed_by_later_writes(self):
        s = Store(window=10, first_rv=1)
        s.put("pods", pod("a"))
        s.put("pods", pod("b"))
        items, rv = s.snapshot("pods", "ns")
        self.assertEqual(([o["metadata"]["name"] for o in items], rv), (["a", "b"], 3))
        s.put("pods", pod("a"))
        s.delete("pods", "ns", "b")
        self.assertEqual([o["metadata"]["resourceVersion"] for o in items], ["2", "3"])
        with s.cond:
            self.assertEqual([(h[1], h[3]["metadata"]["resourceVersion"]) for h in s.changes_since(3)],
                             [("MODIFIED", "4"), ("DELETED", "5")])


class SelectorTest(unittest.TestCase):
    def test_labels_and_fields(self):
        p = pod("kafka-0", app="kafka", tier="data")
        self.assertTrue(matcher("app=kafka", None)(p))
        self.assertTrue(matcher("app in (kafka,redis),tier", None)(p))
        self.assertFalse(matcher("app notin (kafka)", None)(p))
        self.assertFalse(matcher("!tier", None)(p))
        self.assertTrue(matcher(None, "metadata.name=kafka-0,status.phase!=Pending")(p))

    def test_field_labels_per_kind(self):
        p = pod("kafka-0")
        p["spec"] = {"nodeName": "saga-worker-3"}
        p["status"]["podIPs"] = [{"ip": "10.244.3.12"}]
        self.assertTrue(matcher(None, "spec.nodeName=saga-worker-3,status.phase!=Failed,status.phase!=Succeeded",
                                "pods")(p))
        self.assertTrue(matcher(None, "spec.nodeName==saga-worker-3,metadata.namespace=ns", "pods")(p))
        self.assertTrue(matcher(None, "spec.host=saga-worker-3", "pods")(p))  # old clients' name
        self.assertTrue(matcher(None, "spec.hostNetwork=false,status.podIP=10.244.3.12", "pods")(p))
        self.assertFalse(matcher(None, "status.podIPs=10.244.3.12", "pods")(p))  # accepted, not selectable
        self.assertTrue(matcher(None, "spec.unschedulable=false,metadata.name=kafka-0", "nodes")(p))
        self.assertTrue(matcher(None, "", "pods")(p))
        ev = {"metadata": {"name": "e"}, "source": {"component": "kubelet", "host": "n"}, "type": "Warning"}
        self.assertTrue(matcher(None, "source=kubelet,type=Warning", "events")(ev))
        cases = [
            ("pods", "spec.foo=1", "field label not supported: spec.foo"),
            # The parser sorts the terms: the first bad label in that order is the one reported.
            ("pods", "status.x=1,metadata.y=2", "field label not supported: metadata.y"),
            ("pods", "spec.nodeName =x", "field label not supported: spec.nodeName "),  # not trimmed
            ("nodes", "metadata.namespace=x", "field label not supported: metadata.namespace"),
            ("deployments", "spec.replicas=1",
             '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'),
            ("pods", "spec.nodeName", "invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'"),
            ("pods", "metadata.name=a\\x", "invalid field selector: invalid escape sequence: \\x"),
            ("pods", "metadata.name=a=b", "invalid field selector: unescaped character in value: 61"),
        ]
        for resource, text, message in cases:
            with self.subTest(text=text):
                with self.assertRaises(ApiError) as e:
                    matcher(None, text, resource)
                self.assertEqual((e.exception.code, e.exception.reason, e.exception.message),
                                 (400, "BadRequest", message))
        q = pod("a,b=c")
        self.assertTrue(matcher(None, "metadata.name=a\\,b\\=c", "pods")(q))

    def test_qos_classes(self):
        def c(requests=None, limits=None):
            return {"resources": {k: v for k, v in (("requests", requests), ("limits", limits)) if v}}
        self.assertEqual(qos_class([c()]), "BestEffort")
        self.assertEqual(qos_class([c({"cpu": "100m", "memory": "50Mi"})]), "Burstable")
        self.assertEqual(qos_class([c(None, {"cpu": "1", "memory": "1Gi"})]), "Guaranteed")
        self.assertEqual(qos_class([c({"cpu": "1", "memory": "1Gi"}, {"cpu": "1", "memory": "1Gi"}), c()]),
                         "Burstable")


SCENARIO = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scenario.json")


class ScenarioTickTest(unittest.TestCase):
    def test_crash_loop_restarts_when_back_off_ends(self):
        store = Store()
        # Started 10 minutes ago: every back-off has expired by now.
        sc = Scenario(store, SCENARIO, start=__import__("time").time() - 600)
        pods, _ = store.list("pods", "e-commerce-saga")
        before = {p["metadata"]["name"]: p["status"].get("containerStatuses", [{}])[0].get("restartCount")
                  for p in pods}
        Changes(sc).tick()
        pods, _ = store.list("pods", "e-commerce-saga")
        bumped = sorted(p["metadata"]["name"].rsplit("-", 2)[0] for p in pods
                        if p["status"].get("containerStatuses", [{}])[0].get("restartCount") !=
                        before[p["metadata"]["name"]])
        self.assertEqual(bumped, ["inventory-service", "notification-service", "order-service"])
        events, _ = store.list("events", "e-commerce-saga")
        retried = [e for e in events if e["reason"] == "FailedScheduling"]
        self.assertEqual(retried[0]["count"], 578)

    def test_extra_pods_for_load_tests(self):
        store = Store()
        Scenario(store, SCENARIO, extra_pods=300)
        pods, _ = store.list("pods", "e-commerce-saga")
        self.assertEqual(len(pods), 315)
        self.assertEqual(len({p["status"]["podIP"] for p in pods if "podIP" in p["status"]}), 314)  # all but kafka-1
        # Filler pods request nothing: at any N every node still has less than kafka-1's 3Gi free.
        self.assertEqual(free_memory(store), free_memory(fresh_store()))
        filler = [p for p in pods if p["metadata"]["name"].startswith("catalog-service-")]
        self.assertEqual({p["status"]["qosClass"] for p in filler}, {"BestEffort"})


def memory(quantity):
    """Bytes of a memory quantity as the scenario writes them (Ki/Mi/Gi or plain bytes)."""
    for suffix, factor in (("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30)):
        if quantity.endswith(suffix):
            return int(quantity[:-2]) * factor
    return int(quantity)


def fresh_store():
    store = Store()
    Scenario(store, SCENARIO)
    return store


def free_memory(store):
    """Per node: allocatable memory minus the requests of the non-terminated pods on it."""
    nodes, _ = store.list("nodes")
    pods, _ = store.list("pods")
    free = {}
    for n in nodes:
        name = n["metadata"]["name"]
        requested = sum(memory(c.get("resources", {}).get("requests", {}).get("memory", "0"))
                        for p in pods if p["spec"].get("nodeName") == name
                        and p["status"]["phase"] not in ("Succeeded", "Failed")
                        for c in p["spec"]["containers"])
        free[name] = memory(n["status"]["allocatable"]["memory"]) - requested
    return free


class NodesTest(unittest.TestCase):
    def test_no_node_has_room_for_kafka_1(self):
        store = fresh_store()
        kafka1 = store.get("pods", "e-commerce-saga", "kafka-1")
        wanted = memory(kafka1["spec"]["containers"][0]["resources"]["requests"]["memory"])
        self.assertEqual(wanted, 3 << 30)
        free = free_memory(store)
        self.assertEqual(sorted(free), ["saga-worker-1", "saga-worker-2", "saga-worker-3"])
        for name, left in free.items():
            self.assertGreaterEqual(left, 0, name)  # the scheduler placed every running pod
            self.assertLess(left, wanted, name)
        self.assertEqual({k: v >> 10 for k, v in free.items()},
                         {"saga-worker-1": 2535892, "saga-worker-2": 3035604, "saga-worker-3": 223700})

    def test_other_namespaces_stay_out_of_the_namespace(self):
        store = fresh_store()
        pods, _ = store.list("pods", "e-commerce-saga")
        self.assertEqual(len(pods), 15)
        everywhere, _ = store.list("pods")
        self.assertEqual(sorted({p["metadata"]["namespace"] for p in everywhere}),
                         ["e-commerce-saga", "kube-flannel", "kube-system", "monitoring"])
        self.assertEqual(len(everywhere), 27)
        proxies = [p for p in everywhere if p["metadata"]["name"].startswith("kube-proxy-")]
        self.assertEqual(sorted(p["spec"]["nodeName"] for p in proxies),
                         ["saga-worker-1", "saga-worker-2", "saga-worker-3"])
        for p in proxies:  # hostNetwork: the node's address
            self.assertEqual(p["status"]["podIP"], p["status"]["hostIP"])
            self.assertEqual(p["status"]["qosClass"], "BestEffort")


class ChurnTest(unittest.TestCase):
    def test_updates_filler_pods_at_the_rate_and_counts_them(self):
        store = Store(window=200)
        sc = Scenario(store, SCENARIO, extra_pods=30)
        churn = Churn(sc)
        first = store.rv
        started = time.monotonic()
        churn.set(200)
        self.assertEqual(store.window, 2000)  # ten seconds of churn
        time.sleep(0.5)
        churn.set(0)
        elapsed = time.monotonic() - started
        time.sleep(0.05)  # an update under way when it stopped
        stats = churn.stats()
        self.assertEqual(store.window, 200)
        with store.cond:
            changes = store.changes_since(first)
        self.assertEqual(len(changes), stats["emitted"])
        self.assertGreater(stats["emitted"], 0.6 * 200 * elapsed)
        self.assertLessEqual(stats["emitted"], 200 * elapsed + 2)
        self.assertEqual({(h[1], h[2]) for h in changes}, {("MODIFIED", "pods")})
        self.assertEqual({h[3]["metadata"]["name"] for h in changes}, set(sc.filler["pods"]))

    def test_refused_without_filler_pods_and_for_bad_rates(self):
        churn = Churn(Scenario(Store(), SCENARIO))
        with self.assertRaises(NoFillerPods):
            churn.set(5)
        churn.set(0)
        for rate, kind in (("-1", None), ("nan", None), ("x", None), ("1e9", None), ("1", "sideways")):
            with self.assertRaises(ValueError):
                churn.set(rate, kind)


def masked(opcode, payload, fin=True, mask=b"\x01\x02\x03\x04"):
    """A client frame (lengths under 64 KiB are enough here)."""
    n = len(payload)
    head = bytes([(0x80 if fin else 0) | opcode]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) +
                                                      n.to_bytes(2, "big"))
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class WebSocketReaderTest(unittest.TestCase):
    def test_fragments_are_reassembled_around_control_frames(self):
        r = websocket.Reader(1 << 20)
        data = (masked(websocket.BINARY, b"\x00AB", fin=False) + masked(websocket.PING, b"hi")
                + masked(websocket.CONTINUATION, b"CD", fin=False) + masked(websocket.CONTINUATION, b"E"))
        # Byte by byte: nothing is lost or produced early.
        events = []
        for i in range(len(data)):
            r.feed(data[i:i + 1])
            events += r.events()
        self.assertEqual(events, [("ping", b"hi"), ("message", websocket.BINARY, b"\x00ABCDE")])

    def test_violations_give_their_close_codes(self):
        cases = [
            (masked(websocket.BINARY, b"x")[:1] + bytes([0xFF]) + (2 ** 20 + 1).to_bytes(8, "big"), 1009),
            (bytes([0x82, 0x01]) + b"x", 1002),  # unmasked
            (masked(websocket.CONTINUATION, b"x"), 1002),  # nothing to continue
            (masked(websocket.BINARY, b"a", fin=False) + masked(websocket.BINARY, b"b"), 1002),
            (masked(websocket.PING, b"p", fin=False), 1002),
            (masked(websocket.PING, b"p" * 126), 1002),
            (bytes([0xC2]) + masked(websocket.BINARY, b"x")[1:], 1002),  # RSV1 without an extension
            (masked(0x3, b"x"), 1002),
        ]
        for data, code in cases:
            with self.subTest(data=data[:4]):
                r = websocket.Reader(1 << 20)
                r.feed(data)
                with self.assertRaises(websocket.ProtocolError) as e:
                    r.events()
                self.assertEqual(e.exception.code, code)

    def test_a_fragmented_message_may_not_outgrow_the_limit(self):
        r = websocket.Reader(10)
        r.feed(masked(websocket.BINARY, b"123456", fin=False) + masked(websocket.CONTINUATION, b"78901"))
        with self.assertRaises(websocket.ProtocolError) as e:
            r.events()
        self.assertEqual(e.exception.code, 1009)

    def test_frames_and_close_payloads(self):
        self.assertEqual(websocket.frame(websocket.BINARY, b"\x00ok"), b"\x82\x03\x00ok")
        self.assertEqual(websocket.frame(websocket.BINARY, b"x" * 200)[:4], b"\x82\x7e\x00\xc8")
        self.assertEqual(websocket.close_frame(1000), b"\x88\x02\x03\xe8")
        self.assertEqual(websocket.parse_close(b""), (1005, ""))
        self.assertEqual(websocket.parse_close(b"\x03\xe8bye"), (1000, "bye"))
        for bad in (b"\x03", b"\x03\xed", b"\x00\x10"):
            with self.assertRaises(websocket.ProtocolError):
                websocket.parse_close(bad)
        # RFC 6455's own example.
        self.assertEqual(websocket.accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")


def headers(**values):
    import email.message
    m = email.message.Message()
    for k, v in values.items():
        m[k.replace("_", "-")] = v
    return m


class PortForwardRulesTest(unittest.TestCase):
    def test_ports_parse_as_the_kubelet_parses_them(self):
        self.assertEqual(portforward.parse_ports({"ports": ["6379", "9092,2181"]}), [6379, 9092, 2181])
        self.assertEqual(portforward.parse_ports({}), [])
        for value, message in (("", 'query parameter "port" cannot be empty'), ("0", 'port "0" must be > 0'),
                               ("70000", 'unable to parse "70000" as a port: strconv.ParseUint: parsing "70000": '
                                         'value out of range'),
                               ("1,x", 'unable to parse "1,x" as a port: strconv.ParseUint: parsing "x": invalid '
                                       'syntax')):
            with self.subTest(value=value):
                with self.assertRaises(ApiError) as e:
                    portforward.parse_ports({"ports": [value]})
                self.assertEqual((e.exception.code, e.exception.message), (400, message))

    def test_protocol_choice(self):
        choose = portforward.choose_protocol
        self.assertEqual(choose(headers(Sec_WebSocket_Protocol="channel.k8s.io, v4.channel.k8s.io")),
                         "v4.channel.k8s.io")
        self.assertEqual(choose(headers(Sec_WebSocket_Protocol="v4.base64.channel.k8s.io,channel.k8s.io")),
                         "channel.k8s.io")
        self.assertEqual(choose(headers()), "")
        with self.assertRaises(ApiError) as e:
            choose(headers(Sec_WebSocket_Protocol="SPDY/3.1+portforward.k8s.io"))
        self.assertEqual(e.exception.code, 400)

    def test_preflight_order(self):
        store = Store()
        Scenario(store, SCENARIO)
        redis = store.get("pods", "e-commerce-saga", "redis-0")
        kafka1 = store.get("pods", "e-commerce-saga", "kafka-1")

        def message(pod, name, upgrade=True, ports=(6379,)):
            with self.assertRaises(ApiError) as e:
                portforward.preflight(pod, name, upgrade, list(ports))
            return e.exception.code, e.exception.message

        self.assertEqual(message(None, "kafka-2"), (404, 'pods "kafka-2" not found'))
        self.assertEqual(message(kafka1, "kafka-1", upgrade=False), (400, "pod kafka-1 does not have a host assigned"))
        self.assertEqual(message(redis, "redis-0", upgrade=False), (400, "Upgrade request required"))
        redis["status"]["phase"] = "Succeeded"
        self.assertEqual(message(redis, "redis-0"),
                         (400, "unable to forward port because pod is not running. Current status=Succeeded"))
        redis["status"]["phase"] = "Running"
        self.assertEqual(message(redis, "redis-0", ports=()), (400, 'query parameter "port" is required'))
        portforward.preflight(redis, "redis-0", True, [6379])

    def test_backends_follow_the_run_directory(self):
        import json
        import tempfile
        store = Store()
        sc = Scenario(store, SCENARIO)
        run = tempfile.mkdtemp()
        try:
            backends = portforward.Backends(run)
            redis = store.get("pods", "e-commerce-saga", "redis-0")
            self.assertIsNone(backends.address(redis, 6379))  # no redis/port yet: refused
            os.makedirs(os.path.join(run, "redis"))
            with open(os.path.join(run, "redis", "port"), "w") as f:
                f.write("41234\n")
            self.assertEqual(backends.address(redis, 6379), ("127.0.0.1", 41234))
            self.assertIsNone(backends.address(redis, 9121))  # the exporter: the lab has none
            self.assertIsNone(backends.address(redis, 6380))  # no container declares it
            os.makedirs(os.path.join(run, "kafka"))
            with open(os.path.join(run, "kafka", "brokers.json"), "w") as f:
                json.dump({"1": "127.0.0.1:40001", "2": "127.0.0.1:40002", "3": "127.0.0.1:40003"}, f)
            kafka0 = store.get("pods", "e-commerce-saga", "kafka-0")
            self.assertEqual(backends.address(kafka0, 9092), ("127.0.0.1", 40001))
            Changes(sc).run("kafka-1")
            kafka1 = store.get("pods", "e-commerce-saga", "kafka-1")
            self.assertEqual(backends.address(kafka1, 9092), ("127.0.0.1", 40002))
            Changes(sc).crash("kafka-0")  # its container waits: nothing listens
            self.assertIsNone(backends.address(store.get("pods", "e-commerce-saga", "kafka-0"), 9092))
            mongodb = store.get("pods", "e-commerce-saga", "mongodb-0")
            self.assertIsNone(backends.address(mongodb, 27017))  # no mongodb/port yet: refused
            os.makedirs(os.path.join(run, "mongodb"))
            with open(os.path.join(run, "mongodb", "port"), "w") as f:
                f.write("41235\n")
            self.assertEqual(backends.address(mongodb, 27017), ("127.0.0.1", 41235))
            self.assertIsNone(backends.address(mongodb, 27018))  # no container declares it
        finally:
            import shutil
            shutil.rmtree(run, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
