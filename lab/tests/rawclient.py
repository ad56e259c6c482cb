"""A minimal HTTPS client for what kubectl cannot show: raw watch events,
bookmarks, Status bodies and chunked framing."""

import http.client
import json
import ssl


class Raw:
    def __init__(self, lab, token=None):
        self.port = lab.ports["https"]
        self.ctx = ssl.create_default_context(cafile=lab.ca())
        self.token = lab.token() if token is None else token

    def open(self, path, accept="application/json", timeout=10):
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ctx, timeout=timeout)
        headers = {"Accept": accept}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        conn.request("GET", path, headers=headers)
        return conn, conn.getresponse()

    def get(self, path, **kw):
        conn, resp = self.open(path, **kw)
        try:
            return resp.status, json.loads(resp.read())
        finally:
            conn.close()


def events(resp):
    """Yields watch events as the stream delivers them, one JSON per line."""
    while True:
        line = resp.readline()
        if not line:
            return
        yield json.loads(line)
