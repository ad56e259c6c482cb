"""Pure pieces: kubectl's duration format, the history window, selectors."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from k8slab.changes import Changes  # noqa: E402
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


class SelectorTest(unittest.TestCase):
    def test_labels_and_fields(self):
        p = pod("kafka-0", app="kafka", tier="data")
        self.assertTrue(matcher("app=kafka", None)(p))
        self.assertTrue(matcher("app in (kafka,redis),tier", None)(p))
        self.assertFalse(matcher("app notin (kafka)", None)(p))
        self.assertFalse(matcher("!tier", None)(p))
        self.assertTrue(matcher(None, "metadata.name=kafka-0,status.phase!=Pending")(p))


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


if __name__ == "__main__":
    unittest.main()
