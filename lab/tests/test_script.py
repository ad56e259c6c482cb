"""scripts/lab: idempotent, quick, and stops only what it started."""

import os
import time
import unittest

from labfixture import RunningLab


def read(path):
    with open(path) as f:
        return f.read()


class ScriptTest(unittest.TestCase):
    def test_lifecycle(self):
        lab = RunningLab()
        try:
            pid = read(os.path.join(lab.dir, "apiserver.pid")).strip()
            started = time.time()
            r = lab.script("up")
            self.assertLess(time.time() - started, 2.0)
            self.assertIn("running, pid %s" % pid, r.stdout)  # a second up starts nothing
            self.assertIn("https://127.0.0.1:%d" % lab.ports["https"], lab.script("status").stdout)
            self.assertEqual(lab.script("kubeconfig", "exec").stdout.strip(), lab.kubeconfig("exec"))
            self.assertEqual(lab.script("kubeconfig", "nonsense", check=False).returncode, 2)
            self.assertIn('"ok": true', lab.script("ctl", "pause").stdout)
            self.assertIn('"ok": true', lab.script("ctl", "resume").stdout)
            lab.script("down")
            self.assertFalse(os.path.exists("/proc/%s" % pid) and
                             "apiserver.py" in read("/proc/%s/cmdline" % pid))
            self.assertEqual(lab.script("status", check=False).returncode, 3)
            self.assertIn("was not running", lab.script("down").stdout)
            # Restarting keeps the CA and, when free, the ports: kubeconfigs stay valid.
            ca = read(lab.ca())
            started = time.time()
            lab.script("up")
            self.assertLess(time.time() - started, 2.0)
            self.assertEqual(read(lab.ca()), ca)
            r = lab.kubectl("get", "pods", "kafka-0")
            self.assertEqual(r.returncode, 0, r.stderr)
        finally:
            lab.stop()


if __name__ == "__main__":
    unittest.main()
