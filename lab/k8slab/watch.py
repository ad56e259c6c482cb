"""Watch streams: chunked JSON lines, bookmarks, 410 when the history
window has moved past the client, and clean ends when the lab drops streams."""

import json
import time

from . import discovery, tables
from .errors import ApiError
from .params import flag, integer, one
from .selectors import matcher
from .store import TooOld

TABLE_MEDIA = "as=Table"
# The watch cache waits this long for a resourceVersion from the future.
FUTURE_WAIT_SECONDS = 3.0


class _Encoder:
    """Turns events into JSON lines, as Tables when kubectl asks for them.
    Like the API server, only the first Table event carries column headers."""

    def __init__(self, resource, kind, api_version, as_table, include):
        self.resource = resource
        self.kind = kind
        self.api_version = api_version
        self.as_table = as_table
        self.include = include
        self.headers_sent = False

    def event(self, type_, obj):
        if self.as_table and type_ == "BOOKMARK":
            obj = {"kind": "Table", "apiVersion": "meta.k8s.io/v1",
                   "metadata": {"resourceVersion": obj["metadata"]["resourceVersion"]},
                   "columnDefinitions": None, "rows": None}
        elif self.as_table and type_ != "ERROR":
            obj = tables.table(self.resource, [obj], {"resourceVersion": obj["metadata"]["resourceVersion"]},
                               self.include, headers=not self.headers_sent)
            self.headers_sent = True
        return json.dumps({"type": type_, "object": obj}, separators=(",", ":")).encode() + b"\n"

    def error(self, err):
        return self.event("ERROR", err.status())

    def bookmark(self, rv, initial_end=False):
        meta = {"resourceVersion": str(rv), "creationTimestamp": None}
        if initial_end:
            meta["annotations"] = {"k8s.io/initial-events-end": "true"}
        return self.event("BOOKMARK", {"kind": self.kind, "apiVersion": self.api_version, "metadata": meta})


def _start(store, resource, namespace, match, rv_text, send_initial):
    """Where the watch begins: (initial objects, resourceVersion, error).
    Errors after authorization travel as ERROR events on a 200 stream, as the
    watch cache sends them, not as HTTP error codes."""
    with store.cond:
        if rv_text in ("", "0") or send_initial:
            items, rv = store.snapshot(resource, namespace)  # encoded, never changed
            return [o for o in items if match(o)], rv, None
        try:
            rv = int(rv_text)
        except ValueError:
            rv = -1
        if rv < 0:
            return [], 0, ApiError(400, "BadRequest",
                                   'resourceVersion: Invalid value: "%s": must be an integer' % rv_text)
        waited = time.time()
        while rv > store.rv and time.time() - waited < FUTURE_WAIT_SECONDS:
            store.cond.wait(0.2)
        if rv > store.rv:
            return [], rv, ApiError(504, "Timeout", "Too large resource version: %d, current: %d" % (rv, store.rv),
                                    {"causes": [{"reason": "ResourceVersionTooLarge",
                                                 "message": "Too large resource version"}],
                                     "retryAfterSeconds": 1})
        try:
            store.changes_since(rv)
        except TooOld as e:
            return [], rv, ApiError(410, "Expired", str(e))
        return [], rv, None


def _changes(store, last_rv, generation):
    """(changes, None), (None, TooOld), or (None, None) when the stream must end.
    Caller holds store.cond."""
    if store.generation != generation or store.closed:
        return None, None
    try:
        return store.changes_since(last_rv), None
    except TooOld as e:
        return None, e


def serve_watch(h, resource, namespace, query, accept):
    """Streams watch events for one resource in one namespace (or all)."""
    store = h.lab.store
    group, version, kind = discovery.RESOURCES[resource]
    enc = _Encoder(resource, kind, version if not group else "%s/%s" % (group, version),
                   TABLE_MEDIA in accept, one(query, "includeObject") or "Metadata")
    match = matcher(one(query, "labelSelector"), one(query, "fieldSelector"), resource)
    bookmarks = flag(query, "allowWatchBookmarks")
    timeout = integer(query, "timeoutSeconds")
    deadline = time.time() + timeout if timeout else None
    send_initial = flag(query, "sendInitialEvents")

    def in_scope(res, obj):
        return res == resource and (namespace is None or obj["metadata"].get("namespace") == namespace) \
            and match(obj)

    with h.streaming("application/json"):
        generation = store.generation
        initial, last_rv, err = _start(store, resource, namespace, match, one(query, "resourceVersion") or "",
                                       send_initial)
        if err is not None:
            h.chunk(enc.error(err))
            return
        for obj in initial:
            h.chunk(enc.event("ADDED", obj))
        if send_initial:
            h.chunk(enc.bookmark(last_rv, initial_end=True))
        last_bookmark = time.time()
        while True:
            with store.cond:
                changes, expired = _changes(store, last_rv, generation)
                if changes == []:
                    wait = h.lab.bookmark_interval - (time.time() - last_bookmark) if bookmarks else 1.0
                    if deadline:
                        wait = min(wait, deadline - time.time())
                    store.cond.wait(max(0.05, min(wait, 1.0)))
                    changes, expired = _changes(store, last_rv, generation)
                current_rv = store.rv
            if expired is not None:
                # The window moved past this watcher, as etcd compaction
                # would: the client must relist.
                h.chunk(enc.error(ApiError(410, "Expired", str(expired))))
                return
            if changes is None or h.client_gone():
                return  # dropped by the lab, shutting down, or the client left
            # Objects are written outside the lock: a slow client must not stall the lab.
            for rv, type_, res, obj in changes:
                last_rv = rv
                if in_scope(res, obj):
                    h.chunk(enc.event(type_, obj))
            now = time.time()
            if bookmarks and now - last_bookmark >= h.lab.bookmark_interval:
                last_rv = max(last_rv, current_rv)
                h.chunk(enc.bookmark(last_rv))
                last_bookmark = now
            if deadline and now >= deadline:
                return
