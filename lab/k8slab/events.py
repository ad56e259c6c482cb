"""core/v1 Events the way the scheduler and kubelet leave them: named
<object>.<hash>, counted and re-stamped when they recur (the event
correlator), with the source that `kubectl get events -o wide` shows."""

import json
import time

from . import objects
from .objects import prune, uid
from .timefmt import rfc3339

SCHEDULER = {"component": "default-scheduler"}


def kubelet(pod):
    return {"component": "kubelet", "host": pod["spec"].get("nodeName", "")}


def container_field(name):
    return "spec.containers{%s}" % name


def backoff_message(pod, container):
    """The BackOff event's message (not the waiting state's, which differs)."""
    m = pod["metadata"]
    return "Back-off restarting failed container %s in pod %s_%s(%s)" % (container, m["name"], m["namespace"],
                                                                       m["uid"])


def event(pod, type_, reason, message, first, last, count, source, field_path=None):
    m = pod["metadata"]
    ns = m["namespace"]
    # One name per (object, reason, container), so recurrences update it.
    name = "%s.%s" % (m["name"], objects.hexsuffix("event", m["name"], reason, field_path or ""))
    return prune({
        "kind": "Event",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": ns, "uid": uid(ns, "Event", name),
                     "creationTimestamp": rfc3339(first)},
        "involvedObject": {"kind": "Pod", "namespace": ns, "name": m["name"], "uid": m["uid"],
                           "apiVersion": "v1", "fieldPath": field_path},
        "reason": reason,
        "message": message,
        "source": source,
        "firstTimestamp": rfc3339(first),
        "lastTimestamp": rfc3339(last),
        "count": count,
        "type": type_,
        "eventTime": None,
        "reportingComponent": source.get("component", ""),
        "reportingInstance": source.get("host", ""),
    })


def crashloop_history(pod, container, image, restarts, last_start, created, now):
    """What a container that has failed `restarts` times has left behind.
    Older one-off events (Scheduled...) have aged out (event TTL is 1h)."""
    field = container_field(container)
    runs = restarts + 1
    out = [event(pod, "Normal", reason, msg, created + 6, last_start, runs, kubelet(pod), field)
           for reason, msg in (
               ("Pulled", 'Container image "%s" already present on machine' % image),
               ("Created", "Created container %s" % container),
               ("Started", "Started container %s" % container))]
    # The kubelet reports BackOff on most pod syncs while it waits.
    out.append(event(pod, "Warning", "BackOff", backoff_message(pod, container), created + 40, now - 5,
                     restarts * 21 + 4, kubelet(pod), field))
    return out


def record(store, pod, type_, reason, message, source, field_path=None, at=None):
    """Create or bump an event: same object, reason and container means
    count+1 and a new lastTimestamp, as the event correlator does."""
    now = time.time() if at is None else at
    ev = event(pod, type_, reason, message, now, now, 1, source, field_path)
    with store.cond:
        existing = store.get_live("events", pod["metadata"]["namespace"], ev["metadata"]["name"])
        if existing is not None:
            existing = json.loads(json.dumps(existing))
            existing["count"] = existing.get("count", 1) + 1
            existing["lastTimestamp"] = rfc3339(now)
            existing["message"] = message
            store.put("events", existing)
        else:
            store.put("events", ev)
