"""Churn: a steady stream of pod status updates on the filler pods (`scripts/lab up --pods N`),
so a client's cost per watch event can be measured (`scripts/lab ctl churn R`, scripts/bench-scale).

Each update is what the kubelet's status manager would write: a new Pod object at a new
resourceVersion, recorded in the history and delivered to watches as MODIFIED. The filler
pods are updated in turn, so one pod changes again only after every other one has.

Two kinds:
- `probe` (default): the Ready condition's `lastProbeTime` appears (the time of the update) or
  goes again. Readiness, restarts and everything a table shows stay the same.
- `restart`: the container restarted and is running again: `restartCount` + 1, `lastState`
  terminated (Completed, exit 0), a new `containerID` and `startedAt`. The RESTARTS column moves.

The rate is kept against a schedule (update k is due at start + k/R), not by sleeping 1/R
between updates, so the average is exact over any window while the lab keeps up. If the lab
falls more than a second behind (its CPU is busy) the schedule restarts rather than bursting;
`late` counts those. `emitted` counts every update actually made since the lab started: read
it before and after a window to know how many events were sent.
"""

import copy
import threading
import time

from .scenario import MAX_ATTEMPTS, attempt
from .timefmt import rfc3339

KINDS = ("probe", "restart")
MAX_RATE = 10000.0
# While churning, the watch history holds this many seconds of updates (a real watch cache
# holds minutes), so a watcher that is briefly slow resumes instead of relisting.
HISTORY_SECONDS = 10


class NoFillerPods(Exception):
    pass


class Churn:
    def __init__(self, scenario):
        self.sc = scenario
        self.store = scenario.store
        self.base_window = self.store.window
        self.cond = threading.Condition()
        self.rate = 0.0
        self.kind = "probe"
        self.emitted = 0  # updates made since the lab started
        self.late = 0  # times the schedule restarted because the lab fell behind
        self.since = None  # time.time() when the current rate was set
        self.emitted_at_rate = 0  # updates made since then
        self._segment_start = 0.0  # monotonic start of the current schedule
        self._segment_sent = 0
        self._generation = 0
        self._cursor = 0
        self._thread = None

    def stats(self):
        with self.cond:
            return {"rate": self.rate, "kind": self.kind, "emitted": self.emitted,
                    "emittedAtRate": self.emitted_at_rate, "late": self.late,
                    "secondsAtRate": round(time.time() - self.since, 3) if self.since else 0.0}

    def set(self, rate, kind=None):
        """Churn `rate` updates a second from now on; 0 stops. Raises ValueError, NoFillerPods."""
        try:
            rate = float(rate)
        except ValueError:
            raise ValueError("the rate must be a number of updates a second, not %r" % rate) from None
        if not 0 <= rate <= MAX_RATE:  # also refuses nan
            raise ValueError("rate must be between 0 and %d updates a second" % MAX_RATE)
        kind = kind or "probe"
        if kind not in KINDS:
            raise ValueError("unknown churn kind %r; use %s" % (kind, " or ".join(KINDS)))
        if rate and not self.sc.filler["pods"]:
            raise NoFillerPods("no filler pods to churn: start the lab with scripts/lab up --pods N")
        with self.store.cond:
            self.store.window = max(self.base_window, int(rate * HISTORY_SECONDS)) if rate else self.base_window
        with self.cond:
            self.rate = rate
            self.kind = kind
            self.since = time.time()
            self.emitted_at_rate = 0
            self._segment_start = time.monotonic()
            self._segment_sent = 0
            self._generation += 1
            if rate and self._thread is None:
                self._thread = threading.Thread(target=self._run, name="churn", daemon=True)
                self._thread.start()
            self.cond.notify_all()
        return self.stats()

    def _run(self):
        while not self.store.closed:
            with self.cond:
                while self.rate == 0 and not self.store.closed:
                    self.cond.wait(1.0)
                if self.store.closed:
                    return
                generation, kind = self._generation, self.kind
                due = self._segment_start + self._segment_sent / self.rate
                now = time.monotonic()
                if due > now:
                    self.cond.wait(due - now)  # a new rate wakes it early
                    continue
                if now - due > 1.0:
                    self.late += 1
                    self._segment_start, self._segment_sent = now, 0
            made = self._update(kind)
            with self.cond:
                if made:
                    self.emitted += 1
                if generation == self._generation:
                    if made:
                        self.emitted_at_rate += 1
                    self._segment_sent += 1

    def _update(self, kind):
        """One status update of the next filler pod; False if none is left."""
        names = self.sc.filler["pods"]
        with self.store.cond:
            for _ in range(len(names)):
                name = names[self._cursor % len(names)]
                self._cursor += 1
                pod = self.store.get_live("pods", self.sc.ns, name)
                if pod is None:
                    continue  # deleted through the control channel
                # A new object: stored objects are never changed in place.
                new = dict(pod, metadata=dict(pod["metadata"]), status=copy.deepcopy(pod["status"]))
                (_restart if kind == "restart" else _probe)(self.sc, new, time.time())
                self.store.put("pods", new)
                return True
        return False


def _probe(scenario, pod, now):
    for cond in pod["status"].get("conditions", []):
        if cond["type"] == "Ready":
            if "lastProbeTime" in cond:
                del cond["lastProbeTime"]
            else:
                cond["lastProbeTime"] = rfc3339(now)


def _restart(scenario, pod, now):
    name = pod["metadata"]["name"]
    for cs in pod["status"].get("containerStatuses", []):
        started = cs.get("state", {}).get("running", {}).get("startedAt") or rfc3339(now - 60)
        cs["lastState"] = {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": started,
                                          "finishedAt": rfc3339(now - 1), "containerID": cs.get("containerID")}}
        cs["restartCount"] = cs.get("restartCount", 0) + 1
        cs["containerID"] = scenario.container_id(name, cs["name"], cs["restartCount"])
        cs["state"] = {"running": {"startedAt": rfc3339(now)}}
        # The log generator's runs follow, so `logs --previous` shows the run that ended.
        info = scenario.containers.get((name, cs["name"]))
        if info is not None:
            runs = info.setdefault("attempts", [])
            if runs and runs[-1]["end"] is None:
                runs[-1]["end"] = now - 1
            runs.append(attempt(now, None, info["profile"]))
            del runs[:-MAX_ATTEMPTS]
