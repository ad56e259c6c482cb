"""Pod logs as the API server proxies them from the kubelet: container
choice and its errors, previous attempts, tailLines, sinceTime/sinceSeconds,
timestamps, limitBytes and follow."""


from .errors import ApiError
from .logprofiles import PROFILES
from .timefmt import parse_rfc3339, rfc3339_nano

# The kubelet rotates container logs (10Mi by default); the lab keeps the last
# this many lines of an attempt so an untailed `kubectl logs` stays short.
RETAINED_LINES = 1000


class Attempt:
    """One run of a container: its log profile, start, and end (None while running),
    plus what tests made it say (`said`) or flood (`flood`: rate and start)."""

    def __init__(self, profile, start, end, extras=None, current=True):
        self.profile = profile
        self.start = start
        self.end = end
        # Read on every call: a follow stream sees what tests add after it opened.
        self.extras = extras if extras is not None else {}
        self.current = current

    @property
    def said(self):
        return self.extras.get("said") or ()

    @property
    def flood(self):
        return self.extras.get("flood") if self.current else None

    def entries(self, until, after=None, limit=RETAINED_LINES):
        """(timestamp, line) pairs up to `until`, newest `limit` only."""
        end = until if self.end is None else min(until, self.end)
        out = [e for e in self.profile.startup_lines(self.start) if e[0] <= end]
        out += [e for e in self.said if self.start <= e[0] <= end and (after is None or e[0] > after)]
        out += self._flood(end, after, limit)
        p = self.profile
        if p.interval:
            first = self.start + p.first
            if end >= first:
                count = int((end - first) // p.interval) + 1
                lo = max(0, count - limit)
                if after is not None:
                    lo = max(lo, int((after - first) // p.interval))
                for i in range(lo, count):
                    ts = first + i * p.interval
                    out.append((ts, p.periodic(i, ts)))
        if after is not None:
            out = [e for e in out if e[0] > after]
        out.sort(key=lambda e: e[0])
        return out[-limit:]

    def _flood(self, end, after, limit):
        """A test flood: line i at start + i/rate, only the newest `limit` generated."""
        if not self.flood or not self.flood["rate"]:
            return []
        rate, start = self.flood["rate"], self.flood["start"]
        if end < start:
            return []
        count = int((end - start) * rate) + 1
        lo = max(0, count - limit)
        if after is not None:
            lo = max(lo, int((after - start) * rate))
        pod = self.profile.ctx["pod"]
        return [(start + i / rate, "flood %s line %09d %s" % (pod, i, "x" * 60)) for i in range(lo, count)]


def _container_names(pod):
    return [c["name"] for c in pod["spec"].get("containers", [])]


def choose_container(pod, container):
    """validateContainer in the API server's pod log REST: same conditions,
    same words, so clients can show (and tests can match) them verbatim."""
    name = pod["metadata"]["name"]
    names = _container_names(pod)
    init_names = [c["name"] for c in pod["spec"].get("initContainers", [])]
    if not container:
        if len(names) == 1:
            return names[0]
        msg = "a container name must be specified for pod %s, choose one of: [%s]" % (name, " ".join(names))
        if init_names:
            msg += " or one of the init containers: [%s]" % " ".join(init_names)
        raise ApiError(400, "BadRequest", msg)
    if container not in names and container not in init_names:
        raise ApiError(400, "BadRequest", "container %s is not valid for pod %s" % (container, name))
    return container


def attempt_for(scenario, pod, container, previous):
    """Which run of the container to read, or None for a pod that has no node
    yet (the API server then answers 200 with an empty body)."""
    name = pod["metadata"]["name"]
    if not pod["spec"].get("nodeName"):
        return None
    status = next((s for s in pod["status"].get("containerStatuses", []) if s["name"] == container), None)
    if status is None:
        raise ApiError(400, "BadRequest",
                       'container "%s" in pod "%s" is waiting to start: ContainerCreating' % (container, name))
    info = scenario.containers[(name, container)]
    ctx = {"pod": name, "container": container, "service": info["service"], "port": info["port"],
           "image": info["image"], "ordinal": name.rsplit("-", 1)[-1]}
    runs = info.get("attempts", [])
    state = status.get("state", {})
    if "running" not in state and "waiting" in state and not status.get("lastState", {}).get("terminated"):
        reason = state["waiting"].get("reason", "ContainerCreating")
        raise ApiError(400, "BadRequest", 'container "%s" in pod "%s" is waiting to start: %s' % (container, name, reason))
    # The kubelet serves the newest container as "current" (for a container
    # waiting in back-off, the run that just failed) and the one before it as
    # "previous".
    index = -2 if previous else -1
    if len(runs) < -index:
        raise _no_previous(container, name)
    run = runs[index]
    return Attempt(PROFILES[run["profile"]](ctx), run["start"], run["end"], info, not previous)


def _no_previous(container, pod):
    return ApiError(400, "BadRequest", 'previous terminated container "%s" in pod "%s" not found' % (container, pod))


class LogOptions:
    def __init__(self, query):
        def one(key):
            v = query.get(key)
            return v[0] if v else None

        def boolean(key):
            return (one(key) or "").lower() in ("1", "true", "t", "yes")

        def integer(key):
            v = one(key)
            if v is None or v == "":
                return None
            try:
                return int(v)
            except ValueError:
                raise ApiError(400, "BadRequest", '%s: Invalid value: "%s": must be an integer' % (key, v))

        self.container = one("container")
        self.previous = boolean("previous")
        self.follow = boolean("follow")
        self.timestamps = boolean("timestamps")
        self.tail = integer("tailLines")
        self.since_seconds = integer("sinceSeconds")
        self.limit_bytes = integer("limitBytes")
        since_time = one("sinceTime")
        self.since_time = None
        if since_time:
            try:
                self.since_time = parse_rfc3339(since_time)
            except ValueError:
                raise ApiError(400, "BadRequest", 'sinceTime: Invalid value: "%s": must be RFC 3339' % since_time)
        if self.since_seconds is not None and self.since_time is not None:
            raise ApiError(400, "BadRequest", "at most one of `sinceTime` or `sinceSeconds` may be specified")
        if self.tail is not None and self.tail < 0:
            self.tail = None  # kubectl sends -1 for "all"

    def format(self, entry):
        ts, text = entry
        if self.timestamps:
            return "%s %s\n" % (rfc3339_nano(ts), text)
        return text + "\n"

    def first_batch(self, attempt, now):
        after = None
        if self.since_time is not None:
            after = self.since_time - 1e-9
        elif self.since_seconds is not None:
            after = now - self.since_seconds
        limit = RETAINED_LINES if self.tail is None else min(self.tail, RETAINED_LINES)
        if limit == 0:
            return []
        return attempt.entries(now, after=after, limit=limit)


def follow(scenario, store, namespace, pod_name, container, attempt, last_ts, generation, client_gone):
    """Yields new entries as the container writes them; ends when the
    container stops, the pod goes away, the lab drops streams, it shuts
    down, or the client hangs up."""
    p = attempt.profile
    while not client_gone():
        with store.cond:
            if store.generation != generation or store.closed:
                return
            pod = store.get_live("pods", namespace, pod_name)
            if pod is None:
                return
            cs = next((s for s in pod["status"].get("containerStatuses", []) if s["name"] == container), None)
            if cs is None or "running" not in cs.get("state", {}):
                return
            now = scenario.now()
            if attempt.flood and attempt.flood["rate"]:
                next_ts = now + 0.02
            elif p.interval:
                first = attempt.start + p.first
                n = max(0, int((now - first) // p.interval) + 1)
                next_ts = first + n * p.interval
            else:
                next_ts = now + 1.0
            wait = max(0.01, min(1.0, next_ts - now + 0.001))
            store.cond.wait(wait)
        new = attempt.entries(scenario.now(), after=last_ts)
        if new:
            last_ts = new[-1][0]
            yield new
