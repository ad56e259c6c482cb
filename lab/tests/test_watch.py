"""Watches: kubectl get --watch sees changes made through the control
channel; raw streams carry bookmarks, 410 Expired and end when dropped."""

import threading
import time
import unittest

from labfixture import NS, Lines, RunningLab
from rawclient import Raw, events

PODS = "/api/v1/namespaces/%s/pods" % NS


class WatchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # A lab of its own: these tests change the scenario.
        cls.lab = RunningLab("--no-tick", env={"INFRATOP_LAB_BOOKMARK_INTERVAL": "1"})
        cls.raw = Raw(cls.lab)

    @classmethod
    def tearDownClass(cls):
        cls.lab.stop()

    def read_until(self, lines, pattern, seconds=8):
        got = lines.until(pattern, seconds)
        if isinstance(got, tuple):
            self.fail("never saw the expected line; got %r" % got[1])
        return got

    def test_01_kubectl_watch_sees_kafka_1_start(self):
        proc = Lines(self.lab.kubectl_stream("get", "pods", "--watch", "--request-timeout", "20s"))
        try:
            self.read_until(proc, lambda l: l.startswith("kafka-1 ") and "Pending" in l)
            self.lab.control("pods/kafka-1/run")
            line = self.read_until(proc, lambda l: l.startswith("kafka-1 "))[-1].split()
            self.assertEqual(line[1:3], ["1/1", "Running"])
            # OrderedReady: kafka-1 Ready lets the controller create kafka-2, which cannot be placed either.
            line = self.read_until(proc, lambda l: l.startswith("kafka-2 "))[-1].split()
            self.assertEqual(line[1:3], ["0/1", "Pending"])
        finally:
            proc.close()
        out = self.lab.kubectl("get", "sts", "kafka").stdout
        self.assertRegex(out, r"kafka\s+2/3")

    def test_02_watch_event_types(self):
        status, listing = self.raw.get(PODS)
        rv = listing["metadata"]["resourceVersion"]
        conn, resp = self.raw.open(PODS + "?watch=1&resourceVersion=%s" % rv)
        try:
            self.assertEqual(resp.getheader("Transfer-Encoding"), "chunked")
            order = next(p["metadata"]["name"] for p in listing["items"]
                         if p["metadata"]["name"].startswith("order-service-"))
            before = next(p for p in listing["items"] if p["metadata"]["name"] == order)
            self.lab.control("pods/%s/crash" % order)
            self.lab.control("pods/shipping-service-ng4qzmhkn6-w5th7/delete")
            stream = events(resp)
            first = next(stream)
            self.assertEqual(first["type"], "MODIFIED")
            self.assertEqual((first["object"]["kind"], first["object"]["apiVersion"]), ("Pod", "v1"))
            restarts = first["object"]["status"]["containerStatuses"][0]["restartCount"]
            self.assertEqual(restarts, before["status"]["containerStatuses"][0]["restartCount"] + 1)
            self.assertGreater(int(first["object"]["metadata"]["resourceVersion"]), int(rv))
            second = next(stream)
            self.assertEqual((second["type"], second["object"]["metadata"]["name"]),
                             ("DELETED", "shipping-service-ng4qzmhkn6-w5th7"))
        finally:
            conn.close()

    def test_03_bookmarks(self):
        _, listing = self.raw.get(PODS)
        conn, resp = self.raw.open(PODS + "?watch=1&allowWatchBookmarks=true&resourceVersion=%s"
                                   % listing["metadata"]["resourceVersion"])
        try:
            ev = next(events(resp))
            self.assertEqual(ev["type"], "BOOKMARK")
            self.assertEqual(ev["object"]["kind"], "Pod")
            self.assertTrue(ev["object"]["metadata"]["resourceVersion"].isdigit())
        finally:
            conn.close()

    def test_04_too_old_resource_version(self):
        _, listing = self.raw.get(PODS)
        old = listing["metadata"]["resourceVersion"]
        self.lab.control("pods/inventory-service-8dhm9qhf9p-2f49b/crash")
        self.lab.control("history/compact")
        conn, resp = self.raw.open(PODS + "?watch=1&resourceVersion=%s" % old)
        try:
            self.assertEqual(resp.status, 200)  # the error arrives as a watch event, as from the watch cache
            ev = next(events(resp))
            self.assertEqual(ev["type"], "ERROR")
            st = ev["object"]
            self.assertEqual((st["kind"], st["code"], st["reason"]), ("Status", 410, "Expired"))
            self.assertRegex(st["message"], r"^too old resource version: %s \(\d+\)$" % old)
        finally:
            conn.close()

    def test_05_dropped_watches_end_cleanly(self):
        _, listing = self.raw.get(PODS)
        conn, resp = self.raw.open(PODS + "?watch=1&resourceVersion=%s" % listing["metadata"]["resourceVersion"])
        ended = threading.Event()

        def drain():
            for _ in events(resp):
                pass
            ended.set()

        t = threading.Thread(target=drain, daemon=True)
        t.start()
        time.sleep(0.3)
        self.lab.control("watches/drop")
        self.assertTrue(ended.wait(5), "the watch did not end after watches/drop")
        conn.close()

    def test_06_watch_from_zero_lists_first(self):
        conn, resp = self.raw.open(PODS + "?watch=1&timeoutSeconds=1")
        try:
            got = list(events(resp))  # ends after timeoutSeconds
            self.assertTrue(got and all(e["type"] == "ADDED" for e in got))
            self.assertIn("kafka-0", [e["object"]["metadata"]["name"] for e in got])
        finally:
            conn.close()

    def test_06b_send_initial_events_ends_with_a_bookmark(self):
        conn, resp = self.raw.open(PODS + "?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
                                          "&allowWatchBookmarks=true")
        try:
            stream = events(resp)
            ev = next(stream)
            while ev["type"] == "ADDED":
                ev = next(stream)
            self.assertEqual(ev["type"], "BOOKMARK")
            self.assertEqual(ev["object"]["metadata"]["annotations"], {"k8s.io/initial-events-end": "true"})
        finally:
            conn.close()

    def test_07_watch_as_table_for_kubectl(self):
        accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
        _, listing = self.raw.get(PODS)
        conn, resp = self.raw.open(PODS + "?watch=1&resourceVersion=%s" % listing["metadata"]["resourceVersion"],
                                   accept=accept)
        try:
            self.lab.control("pods/notification-service-wjtqt4fmpj-zbjh9/crash")
            ev = next(events(resp))
            self.assertEqual(ev["object"]["kind"], "Table")
            self.assertEqual(ev["object"]["rows"][0]["cells"][2], "CrashLoopBackOff")
            self.assertEqual(ev["object"]["rows"][0]["object"]["kind"], "PartialObjectMetadata")
        finally:
            conn.close()

    def test_07b_logs_follow_ends_when_the_container_stops(self):
        pod = "saga-coordinator-fx9dtm7ggs-tks7b"
        lines = Lines(self.lab.kubectl_stream("logs", "-f", "--tail", "1", pod))
        try:
            self.assertNotEqual(lines.next(5), "")  # streaming
            self.lab.control("pods/%s/crash" % pod)
            deadline = time.time() + 5
            while time.time() < deadline and lines.next(0.5) is not None:
                pass
            self.assertEqual(lines.proc.wait(timeout=5), 0)
        finally:
            lines.close()
        # As the kubelet serves them: "current" is the run that just died...
        self.assertIn("HTTP/1.1", self.lab.kubectl("logs", pod, "--tail", "1").stdout)
        self.assertIn("previous terminated container", self.lab.kubectl("logs", pod, "-p").stderr)
        # ...and after one more failed start, that run becomes "previous".
        self.lab.control("pods/%s/crash" % pod)
        self.assertIn("Error loading ASGI app", self.lab.kubectl("logs", pod).stdout)
        self.assertIn("HTTP/1.1", self.lab.kubectl("logs", pod, "-p", "--tail", "1").stdout)

    def test_07c_streams_whose_client_left_are_released(self):
        self.lab.kubectl("get", "pods", "--watch", "--request-timeout", "1s")
        self.lab.kubectl("logs", "-f", "kafka-0", "--request-timeout", "1s")
        deadline = time.time() + 5
        while self.lab.status()["openStreams"] and time.time() < deadline:
            time.sleep(0.2)
        self.assertEqual(self.lab.status()["openStreams"], 0)

    def test_08_continue_token_expires_after_compaction(self):
        status, page = self.raw.get(PODS + "?limit=2")
        self.lab.control("pods/order-service-l267nzqbw7-z6jnd/crash")
        self.lab.control("history/compact")
        status, body = self.raw.get(PODS + "?limit=2&continue=" + page["metadata"]["continue"])
        self.assertEqual(status, 410)
        self.assertEqual((body["kind"], body["reason"], body["code"]), ("Status", "Expired", 410))


if __name__ == "__main__":
    unittest.main()
