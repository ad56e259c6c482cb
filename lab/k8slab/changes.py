"""Scenario changes: what the kubelet and controllers would do next.

Used by the background ticker (crash loops restart every back-off period)
and by the lab control channel, so tests can make a watch see a change.
"""

import time

from . import controllers, events
from .scenario import BACKOFF_SECONDS, MAX_ATTEMPTS, attempt
from .timefmt import parse_rfc3339, rfc3339


class NoSuchPod(Exception):
    pass


class Changes:
    def __init__(self, scenario):
        self.sc = scenario
        self.store = scenario.store

    def _pod(self, name):
        pod = self.store.get("pods", self.sc.ns, name)
        if pod is None:
            raise NoSuchPod('pod "%s" not found in namespace %s' % (name, self.sc.ns))
        return pod

    def crash(self, name):
        """One more failed attempt of every crash-looping container: restartCount+1,
        a fresh lastState.terminated, and the kubelet's events bumped."""
        with self.store.cond:
            pod = self._pod(name)
            now = time.time()
            kubelet = {"component": "kubelet", "host": pod["spec"].get("nodeName", "")}
            for cs in pod["status"].get("containerStatuses", []):
                info = self.sc.containers[(name, cs["name"])]
                runs = info.setdefault("attempts", [])
                if runs and runs[-1]["end"] is None:
                    # A running container dies: that run is the failed one.
                    started = runs[-1]["start"]
                    runs[-1]["end"] = now
                else:
                    started = now - 2
                    runs.append(attempt(started, now, info["profile"]))
                del runs[:-MAX_ATTEMPTS]
                # Whatever broke it, its next runs fail on the import error.
                if not info["profile"].startswith("asgi-"):
                    info["profile"] = "asgi-module"
                cs["restartCount"] += 1
                cs["lastState"] = {"terminated": {
                    "exitCode": 1, "reason": "Error",
                    "startedAt": rfc3339(started), "finishedAt": rfc3339(now),
                    "containerID": self.sc.container_id(name, cs["name"], cs["restartCount"] - 1)}}
                cs["containerID"] = cs["lastState"]["terminated"]["containerID"]
                cs["state"] = {"waiting": {"reason": "CrashLoopBackOff",
                                           "message": self.sc.backoff_message(pod, cs["name"])}}
                cs["ready"] = False
                cs["started"] = False
                field = "spec.containers{%s}" % cs["name"]
                for reason, msg in (("Created", "Created container %s" % cs["name"]),
                                    ("Started", "Started container %s" % cs["name"])):
                    events.record(self.store, pod, "Normal", reason, msg, kubelet, field)
                events.record(self.store, pod, "Warning", "BackOff", events.backoff_message(pod, cs["name"]),
                              kubelet, field)
            self.sc.set_readiness(pod)
            self.store.put("pods", pod)
            controllers.refresh_owners(self.store, pod)
            return pod

    def run(self, name):
        """Make a pod Running and Ready: schedules a Pending pod (kafka-1 once
        memory is freed) or lets a crash-looping service start (code fixed)."""
        with self.store.cond:
            pod = self._pod(name)
            now = time.time()
            if not pod["spec"].get("nodeName"):
                node = int(self.sc.data.get("scheduleOn", 1))
                self.sc.schedule(pod, node, started=now)
                node_name = pod["spec"]["nodeName"]
                # Seconds apart, so clients sorting by time see the real order.
                events.record(self.store, pod, "Normal", "Scheduled",
                                     "Successfully assigned %s/%s to %s" % (self.sc.ns, name, node_name),
                                     {"component": "default-scheduler"}, at=now - 3)
            kubelet = {"component": "kubelet", "host": pod["spec"]["nodeName"]}
            statuses = []
            for c in pod["spec"]["containers"]:
                old = next((s for s in pod["status"].get("containerStatuses", []) if s["name"] == c["name"]), None)
                info = self.sc.containers[(name, c["name"])]
                if info["profile"].startswith("asgi-"):
                    info["profile"] = "uvicorn"  # the fixed image starts
                runs = info.get("attempts", [])
                restarts = old["restartCount"] + 1 if old and "waiting" in old["state"] else (
                    old["restartCount"] if old else 0)
                st = self.sc.running_status(pod, c, now, 0)
                info["attempts"] = (runs + info["attempts"])[-MAX_ATTEMPTS:]
                st["restartCount"] = restarts
                st["containerID"] = self.sc.container_id(name, c["name"], restarts)
                if old and old.get("lastState"):
                    st["lastState"] = old["lastState"]
                else:
                    st.pop("lastState", None)
                statuses.append(st)
                field = "spec.containers{%s}" % c["name"]
                for offset, reason, msg in (
                    (2, "Pulled", 'Container image "%s" already present on machine' % c["image"]),
                    (1, "Created", "Created container %s" % c["name"]),
                    (0, "Started", "Started container %s" % c["name"]),
                ):
                    events.record(self.store, pod, "Normal", reason, msg, kubelet, field, at=now - offset)
            pod["status"]["containerStatuses"] = statuses
            self.sc.set_readiness(pod)
            self.store.put("pods", pod)
            controllers.refresh_owners(self.store, pod)
            self._next_ordinal(pod)
            return pod

    def _next_ordinal(self, pod):
        """OrderedReady: once every existing ordinal is Ready, the StatefulSet
        controller creates the next one. In this cluster it cannot be placed
        either (kafka-2 after kafka-1), which is the scenario's point."""
        ref = next((o for o in pod["metadata"].get("ownerReferences", []) if o["kind"] == "StatefulSet"), None)
        if ref is None:
            return
        sts = self.store.get("statefulsets", self.sc.ns, ref["name"])
        pods = controllers.owned_pods(self.store, self.sc.ns, "StatefulSet", ref["name"])
        if len(pods) >= sts["spec"]["replicas"] or not all(controllers.pod_ready(p) for p in pods):
            return
        message = ("0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: "
                   "3 No preemption victims found for incoming pod.")
        new = self.sc.statefulset_pod(ref["name"], len(pods), {"state": "unschedulable", "message": message},
                                      time.time())
        self.store.put("pods", new)
        events.record(self.store, new, "Warning", "FailedScheduling", message, {"component": "default-scheduler"})
        controllers.refresh_owners(self.store, new)

    def _container(self, pod, container):
        names = [c["name"] for c in pod["spec"]["containers"]]
        if container is None:
            return names[0]
        if container not in names:
            raise NoSuchPod('container "%s" not found in pod "%s"' % (container, pod["metadata"]["name"]))
        return container

    def say(self, name, text, container=None):
        """The container writes one line now (any bytes, escape sequences included):
        tests use it for hostile log text. The newest 1,000 are kept."""
        with self.store.cond:
            pod = self._pod(name)
            info = self.sc.containers[(name, self._container(pod, container))]
            said = info.setdefault("said", [])
            said.append((self.sc.now(), text))
            del said[:-1000]
            self.store.cond.notify_all()
            return pod

    def flood(self, name, rate, container=None):
        """The container writes `rate` lines a second from now on (0 stops), for flood tests."""
        with self.store.cond:
            pod = self._pod(name)
            info = self.sc.containers[(name, self._container(pod, container))]
            info["flood"] = {"rate": float(rate), "start": self.sc.now()} if rate else None
            self.store.cond.notify_all()
            return pod

    def delete(self, name):
        """Delete a pod as `kubectl delete` would have (the lab's API itself is
        read-only). Controllers do not recreate it: tests want the DELETED
        event on its own."""
        with self.store.cond:
            pod = self._pod(name)
            for c in pod["spec"]["containers"]:
                if pod["spec"].get("nodeName"):
                    events.record(self.store, pod, "Normal", "Killing", "Stopping container %s" % c["name"],
                                         {"component": "kubelet", "host": pod["spec"]["nodeName"]},
                                         "spec.containers{%s}" % c["name"])
            self.store.delete("pods", self.sc.ns, name)
            controllers.refresh_owners(self.store, pod)
            return pod

    def tick(self):
        """Crash-looping containers fail again once their back-off expires; the
        scheduler retries pending pods. Runs about once a second, so it only
        reads live objects under the lock and copies nothing unless it acts."""
        if self.sc.paused:
            return
        now = time.time()
        to_crash, to_retry = [], []
        with self.store.cond:
            for (resource, ns, name), pod in self.store.objects.items():
                if resource != "pods" or ns != self.sc.ns:
                    continue
                for cs in pod["status"].get("containerStatuses", []):
                    last = cs.get("lastState", {}).get("terminated")
                    if (cs.get("state", {}).get("waiting", {}).get("reason") == "CrashLoopBackOff" and last
                            and now - _ts(last["finishedAt"]) >= BACKOFF_SECONDS):
                        to_crash.append(name)
                        break
                for cond in pod["status"].get("conditions", []):
                    if cond["type"] == "PodScheduled" and cond.get("reason") == "Unschedulable":
                        to_retry.append((name, cond["message"]))
            retry = []
            for name, message in to_retry:
                ev = events.event(self.store.objects[("pods", self.sc.ns, name)], "Warning", "FailedScheduling",
                                  message, now, now, 1, events.SCHEDULER)
                existing = self.store.get_live("events", self.sc.ns, ev["metadata"]["name"])
                if existing is None or now - _ts(existing["lastTimestamp"]) >= BACKOFF_SECONDS:
                    retry.append((name, message))
        for name in to_crash:
            self.crash(name)
        for name, message in retry:
            pod = self.store.get("pods", self.sc.ns, name)
            if pod is not None:
                events.record(self.store, pod, "Warning", "FailedScheduling", message, events.SCHEDULER)


def _ts(text):
    return parse_rfc3339(text)
