"""kubectl logs against the lab: container choice, previous, tail,
timestamps, since and follow."""

import re
import time
import unittest

from labfixture import NS, Lines, shared_lab

TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z ")


class KubectlLogsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lab = shared_lab()
        names = cls.lab.kubectl("get", "pods", "-o", "name").stdout.split()
        cls.pods = [n.split("/", 1)[1] for n in names]

    def pod(self, prefix):
        return next(p for p in self.pods if p.startswith(prefix))

    def logs(self, *args):
        r = self.lab.kubectl("logs", *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def test_running_broker_logs(self):
        out = self.logs("kafka-0").stdout
        self.assertIn("NotEnoughReplicasException", out)
        self.assertLessEqual(len(out.splitlines()), 1000)  # rotated like the kubelet's log files

    def test_tail(self):
        out = self.logs("kafka-0", "--tail", "3").stdout
        self.assertEqual(len(out.splitlines()), 3)
        self.assertEqual(self.logs("kafka-0", "--tail", "0").stdout, "")

    def test_timestamps(self):
        lines = self.logs("mongodb-0", "--tail", "5", "--timestamps").stdout.splitlines()
        self.assertEqual(len(lines), 5)
        for line in lines:
            self.assertRegex(line, TS)

    def test_previous_shows_the_asgi_error(self):
        order = self.pod("order-service-")
        lines = self.logs(order, "--previous").stdout.splitlines()
        self.assertEqual(lines[-1], 'ERROR:    Error loading ASGI app. Could not import module "app.main".')
        # With the container waiting in back-off, current logs are the last failed run.
        self.assertEqual(self.logs(order).stdout.splitlines()[-1], lines[-1])
        notification = self.pod("notification-service-")
        self.assertIn("Error loading ASGI app", self.logs(notification, "-p").stdout)

    def test_previous_of_a_container_that_never_restarted(self):
        r = self.lab.kubectl("logs", "kafka-0", "--previous")
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(r.stderr.strip(),
                         'Error from server (BadRequest): previous terminated container "kafka" in pod "kafka-0" '
                         'not found')

    def test_container_choice(self):
        r = self.logs("redis-0", "--tail", "2")
        self.assertIn('Defaulted container "redis" out of: redis, metrics', r.stderr)
        self.assertRegex(r.stdout.splitlines()[0], r"^1:M \d\d \w{3} \d{4} ")
        metrics = self.logs("redis-0", "-c", "metrics", "--tail", "2").stdout
        self.assertTrue(all(l.startswith('time="') for l in metrics.splitlines()), metrics)
        # Without kubectl's defaulting, the API names the choices.
        r = self.lab.kubectl("get", "--raw", "/api/v1/namespaces/%s/pods/redis-0/log" % NS)
        self.assertIn("a container name must be specified for pod redis-0, choose one of: [redis metrics]", r.stderr)

    def test_limit_bytes(self):
        self.assertEqual(len(self.logs("kafka-0", "--limit-bytes", "100").stdout.encode()), 100)

    def test_pending_pod_has_no_logs(self):
        self.assertEqual(self.logs("kafka-1").stdout, "")

    def test_since_time(self):
        # What --since-time means, not how many lines a loaded machine managed to write meanwhile.
        since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3))
        lines = self.logs(self.pod("payment-service-"), "--since-time", since, "--timestamps").stdout.splitlines()
        self.assertTrue(lines, "no lines since %s" % since)
        self.assertTrue(all(line[:19] >= since[:19] for line in lines), lines)
        everything = self.logs(self.pod("payment-service-"), "--timestamps").stdout.splitlines()
        self.assertLess(len(lines), len(everything))

    def test_follow_streams_new_lines(self):
        lines = Lines(self.lab.kubectl_stream("logs", "-f", "--tail", "0", self.pod("payment-service-")))
        got = []
        deadline = time.time() + 6
        try:
            while len(got) < 3 and time.time() < deadline:
                line = lines.next(0.5)
                if line is None:
                    break
                if line:
                    got.append(line)
        finally:
            lines.close()
        self.assertGreaterEqual(len(got), 3, "kubectl logs -f printed %r" % got)
        self.assertIn("HTTP/1.1", got[0])

    def test_said_lines_keep_their_bytes_and_reach_a_follower(self):
        pod = self.pod("shipping-service-")
        lines = Lines(self.lab.kubectl_stream("logs", "-f", "--tail", "0", pod))
        try:
            time.sleep(0.5)
            self.lab.control("pods/%s/say?text=%%1B]0;title%%07said%%1B[2J" % pod)
            got = None
            deadline = time.time() + 6
            while time.time() < deadline:
                line = lines.next(0.5)
                if line and "said" in line:
                    got = line
                    break
        finally:
            lines.close()
        # kubectl prints log bytes as they are; the lab must send them so (invalid UTF-8 included).
        self.assertIsNotNone(got, "kubectl logs -f never printed the said line")
        self.assertIn("\x1b]0;title\x07said\x1b[2J", got)
        raw = self.lab.kubectl("logs", pod, "--tail", "50").stdout
        self.assertIn("said", raw)

    def test_flood_writes_at_the_rate_and_stops(self):
        pod = self.pod("saga-coordinator-")
        self.lab.control("pods/%s/flood?rate=2000" % pod)
        try:
            time.sleep(1.5)
            since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 1))
            out = self.logs(pod, "--since-time", since).stdout.splitlines()
        finally:
            self.lab.control("pods/%s/flood?rate=0" % pod)
        flood = [l for l in out if l.startswith("flood %s line " % pod)]
        self.assertGreater(len(flood), 500)
        numbers = [int(l.split()[3]) for l in flood]
        self.assertEqual(numbers, sorted(set(numbers)))


if __name__ == "__main__":
    unittest.main()
