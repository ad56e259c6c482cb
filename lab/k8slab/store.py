"""Objects, resourceVersions and a bounded change history for watches.

One global resourceVersion counter, as etcd gives the real API server, so a
version taken from any list can resume a watch of any resource. The history
is a small window on purpose: clients must cope with 410 Gone, and the lab
must be able to provoke it.
"""

import collections
import copy
import threading


class TooOld(Exception):
    """The requested resourceVersion fell out of the history window."""

    def __init__(self, requested, oldest):
        super().__init__("too old resource version: %d (%d)" % (requested, oldest))
        self.requested = requested
        self.oldest = oldest


class Store:
    def __init__(self, window=200, first_rv=48210):
        self.cond = threading.Condition()
        self.rv = first_rv
        self.window = window
        self.objects = {}  # (resource, namespace, name) -> object dict
        self.history = collections.deque()  # (rv, type, resource, object)
        # Every change at or below this version is forgotten.
        self.compacted_rv = first_rv
        # Bumped to ask every open watch and log stream to end.
        self.generation = 0
        self.closed = False

    # Mutations -----------------------------------------------------------

    def _record(self, kind, resource, obj):
        self.history.append((self.rv, kind, resource, copy.deepcopy(obj)))
        while len(self.history) > self.window:
            dropped = self.history.popleft()
            self.compacted_rv = dropped[0]
        self.cond.notify_all()

    def load(self, resource, obj):
        """Seed an object without history, as if it predates the window."""
        with self.cond:
            self.rv += 1
            obj["metadata"]["resourceVersion"] = str(self.rv)
            key = (resource, obj["metadata"].get("namespace", ""), obj["metadata"]["name"])
            self.objects[key] = obj
            self.compacted_rv = self.rv

    def put(self, resource, obj):
        with self.cond:
            key = (resource, obj["metadata"].get("namespace", ""), obj["metadata"]["name"])
            kind = "MODIFIED" if key in self.objects else "ADDED"
            self.rv += 1
            obj["metadata"]["resourceVersion"] = str(self.rv)
            self.objects[key] = obj
            self._record(kind, resource, obj)
            return kind

    def delete(self, resource, namespace, name):
        with self.cond:
            obj = self.objects.pop((resource, namespace, name), None)
            if obj is None:
                return None
            self.rv += 1
            # The DELETED event carries the final state at a new version; a copy, because a
            # list or watch may still be encoding the stored object outside the lock.
            obj = dict(obj, metadata=dict(obj["metadata"]))
            obj["metadata"]["resourceVersion"] = str(self.rv)
            self._record("DELETED", resource, obj)
            return obj

    def compact(self):
        """Forget all history so the next watch from an older version gets 410."""
        with self.cond:
            self.history.clear()
            self.compacted_rv = self.rv
            self.cond.notify_all()

    def drop_streams(self):
        with self.cond:
            self.generation += 1
            self.cond.notify_all()

    def close(self):
        with self.cond:
            self.closed = True
            self.generation += 1
            self.cond.notify_all()

    # Reads ----------------------------------------------------------------

    def get(self, resource, namespace, name):
        with self.cond:
            obj = self.objects.get((resource, namespace, name))
            return copy.deepcopy(obj) if obj is not None else None

    def get_live(self, resource, namespace, name):
        """The stored object itself, for scenario code holding the lock."""
        return self.objects.get((resource, namespace, name))

    def snapshot(self, resource, namespace=None):
        """The stored objects themselves, sorted as a list returns them, and the version.
        Stored objects are never changed in place (every change puts a new object), so a
        reader may encode them outside the lock; it must not modify them. Lists of thousands
        of pods (`--pods N`) would otherwise spend a second copying under the lock."""
        with self.cond:
            items = [o for (r, ns, _), o in self.objects.items()
                     if r == resource and (namespace is None or ns == namespace)]
            rv = self.rv
        items.sort(key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
        return items, rv

    def list(self, resource, namespace=None):
        with self.cond:
            items = [
                copy.deepcopy(o)
                for (r, ns, _), o in self.objects.items()
                if r == resource and (namespace is None or ns == namespace)
            ]
            items.sort(key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
            return items, self.rv

    def changes_since(self, rv):
        """Changes newer than rv; raises TooOld when the window lost some.
        Caller holds self.cond."""
        if rv < self.compacted_rv:
            oldest = self.history[0][0] if self.history else self.rv + 1
            raise TooOld(rv, oldest - 1)
        # From the newest back: a watcher that is up to date costs one comparison,
        # however long the window (it grows under `churn`).
        newer = []
        for h in reversed(self.history):
            if h[0] <= rv:
                break
            newer.append(h)
        newer.reverse()
        return newer
