"""Starts a lab in a temporary directory through scripts/lab, the way
people and CI do, and runs kubectl against it with a private discovery cache
and a request timeout so nothing hangs."""

import json
import os
import shutil
import subprocess
import tempfile
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAB = os.path.join(REPO, "scripts", "lab")
NS = "e-commerce-saga"


class RunningLab:
    """A lab without ZooKeeper and the Kafka mock unless kafka=True: most tests need neither,
    and ZooKeeper's JVM takes seconds to start."""

    def __init__(self, *up_args, env=None, kafka=False):
        if shutil.which("kubectl") is None:
            # The point of these tests is a client we did not write: without it, fail loudly.
            raise RuntimeError("kubectl is not on PATH; the lab's fidelity tests need kubectl 1.32 or later "
                               "(the machine image's apt package 'kubectl' provides it).")
        self.dir = tempfile.mkdtemp(prefix="infratop-lab-")
        self.env = dict(os.environ, INFRATOP_LAB_DIR=self.dir, **(env or {}))
        self.cache = os.path.join(self.dir, "kubectl-cache")
        self.up_args = list(up_args) + ([] if kafka else ["--no-kafka"])
        try:
            self.script("up", *self.up_args, timeout=120)
        except Exception:
            # A half-started lab must not outlive the test: stop what did start, by PID.
            self.stop()
            raise
        with open(os.path.join(self.dir, "ports.json")) as f:
            self.ports = json.load(f)

    def script(self, *args, check=True, timeout=30):
        return subprocess.run([LAB, *args], env=self.env, capture_output=True, text=True, timeout=timeout, check=check)

    def stop(self):
        self.script("down", check=False)
        # INFRATOP_LAB_KEEP=1 keeps the run directory (and its apiserver.log) for a post-mortem.
        if os.environ.get("INFRATOP_LAB_KEEP"):
            print("lab run directory kept: %s" % self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def kubeconfig(self, mode="token"):
        return os.path.join(self.dir, "%s.kubeconfig" % mode)

    def kubectl(self, *args, mode="token", timeout=15):
        cmd = ["kubectl", "--kubeconfig", self.kubeconfig(mode), "--cache-dir", self.cache,
               "--request-timeout", "10s", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)

    def kubectl_stream(self, *args, mode="token"):
        cmd = ["kubectl", "--kubeconfig", self.kubeconfig(mode), "--cache-dir", self.cache, *args]
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)

    def control(self, action):
        req = urllib.request.Request("http://127.0.0.1:%d/lab/%s" % (self.ports["control"], action),
                                     data=b"", method="POST")
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.load(r)

    def status(self):
        with urllib.request.urlopen("http://127.0.0.1:%d/lab/status" % self.ports["control"], timeout=5) as r:
            return json.load(r)

    def token(self):
        with open(os.path.join(self.dir, "token")) as f:
            return f.read().strip()

    def ca(self):
        return os.path.join(self.dir, "ca.crt")


_shared = None


def shared_lab():
    """One frozen lab (no autonomous changes) for tests that only read."""
    global _shared
    if _shared is None:
        _shared = RunningLab("--no-tick")
        import atexit
        atexit.register(_shared.stop)
    return _shared


class Lines:
    """Reads a process's stdout on a thread. select() on the pipe would miss
    lines already sitting in Python's buffer."""

    def __init__(self, proc):
        import queue
        import threading
        self.proc = proc
        self.queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.queue.put(line)
        self.queue.put(None)

    def next(self, timeout):
        import queue
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            return ""

    def until(self, pattern, seconds=8):
        """Lines up to and including the first that matches; None if none did."""
        import time
        seen = []
        deadline = time.time() + seconds
        while time.time() < deadline:
            line = self.next(max(0.01, deadline - time.time()))
            if line is None:
                break
            if line:
                seen.append(line)
                if pattern(line):
                    return seen
        return None, seen

    def close(self):
        self.proc.kill()
        self.proc.communicate()
