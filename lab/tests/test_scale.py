"""Scale in the lab: `scripts/lab up --pods N` serves N ready filler pods of one Deployment
through its ReplicaSet, and `scripts/lab ctl churn R` updates them R times a second, each
update a MODIFIED watch event, counted by the lab."""

import json
import queue
import socket
import threading
import time
import unittest
import urllib.error
import urllib.request

from labfixture import NS, RunningLab, shared_lab
from rawclient import Raw, events

try:
    from kubernetes import client as k8s_client, config as k8s_config, watch as k8s_watch
except ImportError:
    k8s_client = None

PODS = "/api/v1/namespaces/%s/pods" % NS
FILLER = "catalog-service"
N = 50


def ready(pod):
    return any(c["type"] == "Ready" and c["status"] == "True" for c in pod["status"].get("conditions", []))


class Watcher:
    """A raw watch of the filler pods on a thread; events arrive on a queue."""

    def __init__(self, lab, rv):
        self.conn, resp = Raw(lab).open(PODS + "?watch=1&labelSelector=app%%3D%s&resourceVersion=%s" % (FILLER, rv),
                                        timeout=30)
        self.queue = queue.Queue()

        def pump():
            try:
                for ev in events(resp):
                    self.queue.put(ev)
            except (OSError, ValueError):
                pass
            self.queue.put(None)

        self.pump = threading.Thread(target=pump, daemon=True)
        self.pump.start()

    def drain(self, quiet):
        """Events until none has arrived for `quiet` seconds."""
        got = []
        while True:
            try:
                ev = self.queue.get(timeout=quiet)
            except queue.Empty:
                return got
            if ev is None:
                return got
            got.append(ev)

    def close(self):
        # Shut the socket down first, so the pump's blocked read ends (a plain close would wait
        # for it), and close the connection once the pump has stopped using it.
        try:
            self.conn.sock.shutdown(socket.SHUT_RDWR)
        except (OSError, AttributeError):
            pass
        self.pump.join(5)
        self.conn.close()


class ScaleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Frozen, so every pod change comes from churn.
        cls.lab = RunningLab("--no-tick", "--pods", str(N))

    @classmethod
    def tearDownClass(cls):
        cls.lab.stop()

    def kubectl_json(self, *args):
        r = self.lab.kubectl("get", *args, "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_01_filler_pods_are_ready_and_owned_through_a_replicaset(self):
        pods = self.kubectl_json("pods", "-l", "app=" + FILLER)["items"]
        self.assertEqual(len(pods), N)
        self.assertEqual(len({p["metadata"]["name"] for p in pods}), N)
        self.assertTrue(all(p["status"]["phase"] == "Running" and ready(p) for p in pods))
        owners = {json.dumps(p["metadata"]["ownerReferences"], sort_keys=True) for p in pods}
        self.assertEqual(len(owners), 1, "every filler pod has the same owner")
        (ref,) = json.loads(owners.pop())
        self.assertEqual((ref["kind"], ref["controller"]), ("ReplicaSet", True))
        rs = self.kubectl_json("rs", ref["name"])
        self.assertEqual(rs["metadata"]["uid"], ref["uid"])
        self.assertEqual((rs["spec"]["replicas"], rs["status"]["readyReplicas"]), (N, N))
        (dref,) = rs["metadata"]["ownerReferences"]
        self.assertEqual((dref["kind"], dref["name"]), ("Deployment", FILLER))
        dep = self.kubectl_json("deploy", FILLER)
        self.assertEqual(dep["metadata"]["uid"], dref["uid"])
        self.assertEqual((dep["spec"]["replicas"], dep["status"]["readyReplicas"]), (N, N))
        self.assertRegex(self.lab.kubectl("get", "deploy", FILLER).stdout, r"%s\s+%d/%d" % (FILLER, N, N))
        self.assertEqual(self.lab.status()["fillerPods"], N)
        self.assertIn("filler pods    %d" % N, self.lab.script("status").stdout)

    def test_02_churn_sends_modified_events_at_the_rate_asked_and_stops_at_0(self):
        rate = 25
        _, listing = Raw(self.lab).get(PODS + "?labelSelector=app%3D" + FILLER)
        listed = {p["metadata"]["name"]: p for p in listing["items"]}
        before = self.lab.status()["churn"]["emitted"]
        watcher = Watcher(self.lab, listing["metadata"]["resourceVersion"])
        try:
            self.assertIn('"rate": 25.0', self.lab.script("ctl", "churn", str(rate)).stdout)
            time.sleep(3)
            during = self.lab.status()["churn"]
            self.lab.script("ctl", "churn", "0")
            got = watcher.drain(quiet=1.0)
            emitted = self.lab.status()["churn"]["emitted"] - before
            # Stopped: nothing more comes.
            self.assertEqual(watcher.drain(quiet=1.5), [])
        finally:
            watcher.close()
        # The lab's own count, over its own clock, is close to the rate (loosely: a busy machine).
        self.assertEqual((during["rate"], during["kind"]), (rate, "probe"))
        measured = during["emittedAtRate"] / during["secondsAtRate"]
        self.assertGreater(measured, 0.7 * rate)
        self.assertLess(measured, 1.15 * rate)
        # Every update made is one MODIFIED event, each a new version of a changed object.
        self.assertEqual(len(got), emitted)
        self.assertGreater(len(got), 2 * rate)
        self.assertEqual({ev["type"] for ev in got}, {"MODIFIED"})
        versions = [int(ev["object"]["metadata"]["resourceVersion"]) for ev in got]
        self.assertEqual(versions, sorted(set(versions)))
        self.assertGreater(versions[0], int(listing["metadata"]["resourceVersion"]))
        last = dict(listed)
        for ev in got:
            pod = ev["object"]
            name = pod["metadata"]["name"]
            self.assertIn(name, last)
            self.assertNotEqual(pod["status"], last[name]["status"])
            self.assertTrue(ready(pod))  # the default kind changes nothing a table shows
            last[name] = pod
        # Round robin: 2 s at 25/s touches every one of the 50 pods.
        self.assertEqual(len({ev["object"]["metadata"]["name"] for ev in got}), min(N, len(got)))
        self.assertEqual(self.lab.status()["churn"]["rate"], 0)

    def test_03_restart_churn_moves_the_restarts_column(self):
        r = self.lab.script("ctl", "churn", "20", "restart")
        self.assertIn('"kind": "restart"', r.stdout)
        time.sleep(1)
        self.lab.script("ctl", "churn", "0")
        pods = self.kubectl_json("pods", "-l", "app=" + FILLER)["items"]
        restarted = [p for p in pods if p["status"]["containerStatuses"][0]["restartCount"] > 0]
        self.assertGreater(len(restarted), 5)
        cs = restarted[0]["status"]["containerStatuses"][0]
        self.assertEqual(cs["lastState"]["terminated"]["reason"], "Completed")
        self.assertIn("running", cs["state"])
        self.assertTrue(all(ready(p) for p in pods))

    def test_04_bad_churn_requests(self):
        for args, code in ((("churn", "fast"), 400), (("churn", "5", "sideways"), 400)):
            r = self.lab.script("ctl", *args, check=False)
            self.assertEqual(r.returncode, 1, r)
            self.assertIn('"error"', r.stderr)
        lab = shared_lab()  # no filler pods
        req = urllib.request.Request("http://127.0.0.1:%d/lab/churn/5" % lab.ports["control"], data=b"",
                                     method="POST")
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=5)
        self.assertEqual(e.exception.code, 409)
        self.assertIn("--pods N", json.load(e.exception)["error"])

    @unittest.skipIf(k8s_client is None, "the Python Kubernetes client is not installed (pip install kubernetes)")
    def test_05_official_client_lists_and_watches_the_churn(self):
        api = k8s_client.CoreV1Api(k8s_config.new_client_from_config(config_file=self.lab.kubeconfig()))
        listing = api.list_namespaced_pod(NS, label_selector="app=" + FILLER)
        self.assertEqual(len(listing.items), N)
        self.assertEqual({p.metadata.owner_references[0].kind for p in listing.items}, {"ReplicaSet"})
        self.lab.control("churn/20")
        seen = []
        try:
            stream = k8s_watch.Watch().stream(api.list_namespaced_pod, NS, label_selector="app=" + FILLER,
                                              resource_version=listing.metadata.resource_version,
                                              timeout_seconds=10)
            deadline = time.time() + 2
            for ev in stream:
                seen.append(ev["type"])
                if time.time() > deadline:
                    break
        finally:
            self.lab.control("churn/0")
        self.assertGreater(len(seen), 10)
        self.assertEqual(set(seen), {"MODIFIED"})


if __name__ == "__main__":
    unittest.main()
