"""scripts/lab: idempotent, quick, and stops only what it started."""

import os
import shutil
import subprocess
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
            r = lab.script("up", *lab.up_args)
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
            lab.script("up", *lab.up_args)
            self.assertEqual(read(lab.ca()), ca)
            r = lab.kubectl("get", "pods", "kafka-0")
            self.assertEqual(r.returncode, 0, r.stderr)
        finally:
            lab.stop()

    @unittest.skipUnless(shutil.which("redis-server"), "needs Debian's redis-server")
    def test_redis_runs_like_e_commerce_sagas(self):
        lab = RunningLab()
        try:
            args = lab.script("args", "--direct").stdout.split()
            url = args[args.index("--redis") + 1]
            password_file = args[args.index("--redis-password-file") + 1]
            port = url.rsplit(":", 1)[1]
            env = dict(os.environ, REDISCLI_AUTH=read(password_file).strip())

            def config(name):
                out = subprocess.run(["redis-cli", "-p", port, "config", "get", name],
                                     env=env, capture_output=True, text=True, timeout=10).stdout.split()
                return out[1] if len(out) > 1 else None

            self.assertEqual(config("maxmemory"), str(256 * 1024 * 1024))
            self.assertEqual(config("maxmemory-policy"), "allkeys-lru")
            self.assertEqual(config("appendonly"), "yes")
            # Without the password Redis refuses, as e-commerce-saga's does.
            refused = subprocess.run(["redis-cli", "-p", port, "ping"], capture_output=True, text=True, timeout=10,
                                     env={k: v for k, v in os.environ.items() if k != "REDISCLI_AUTH"})
            self.assertIn("NOAUTH", refused.stdout + refused.stderr)
            # What a laptop user passes names no server: the password file is in the config file.
            self.assertEqual(lab.script("args").stdout.split(),
                             ["--kubeconfig", lab.kubeconfig("token"), "--config", os.path.join(lab.dir, "infratop.yaml")])
            config = read(os.path.join(lab.dir, "infratop.yaml"))
            self.assertIn('redis:\n  # ', config)
            self.assertIn('  passwordFile: "%s"\n' % password_file, config)
            self.assertIn("kafka:\n", config)
            self.assertEqual(lab.script("args", "--nonsense", check=False).returncode, 2)
            redis_pid = read(os.path.join(lab.dir, "redis", "redis.pid")).strip()
            lab.script("down")
            self.assertFalse(os.path.exists("/proc/%s" % redis_pid) and
                             "redis-server" in read("/proc/%s/cmdline" % redis_pid))
        finally:
            lab.stop()


if __name__ == "__main__":
    unittest.main()
