"""Serving pod logs over HTTP; what the lines are and which run they come
from is logs.py's business."""

from . import logs
from .errors import not_found


def serve_logs(h, namespace, name, query):
    """GET pods/{name}/log: one body, or a chunked stream with follow=true."""
    store, scenario = h.lab.store, h.lab.scenario
    opts = logs.LogOptions(query)
    with store.cond:
        pod = store.get("pods", namespace, name)
        if pod is None:
            raise not_found("pods", name)
        container = logs.choose_container(pod, opts.container)
        attempt = logs.attempt_for(scenario, pod, container, opts.previous)
        generation = store.generation
    if attempt is None:
        return h.send_text(b"")
    now = scenario.now()
    entries = opts.first_batch(attempt, now)
    body = _encode(opts, entries)
    if opts.limit_bytes is not None:
        body = body[:max(0, opts.limit_bytes)]
    if not opts.follow or attempt.end is not None:
        return h.send_text(body)
    sent = len(body)
    with h.streaming("text/plain"):
        h.chunk(body)
        last_ts = entries[-1][0] if entries else now
        for batch in logs.follow(scenario, store, namespace, name, container, attempt, last_ts,
                                     generation, h.client_gone):
            data = _encode(opts, batch)
            if opts.limit_bytes is not None:
                data = data[:max(0, opts.limit_bytes - sent)]
            h.chunk(data)
            sent += len(data)
            if opts.limit_bytes is not None and sent >= opts.limit_bytes:
                return


def _encode(opts, entries):
    # surrogateescape: a line a test made a container say may carry bytes that are not UTF-8.
    return "".join(opts.format(e) for e in entries).encode("utf-8", "surrogateescape")
