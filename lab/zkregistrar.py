#!/usr/bin/env python3
"""Registers the lab's running Kafka broker in ZooKeeper the way a broker does,
and keeps the registration alive.

A Kafka broker on ZooKeeper holds one session for as long as it runs; its
/brokers/ids/<id> znode (and /controller, if it is the controller) are
EPHEMERAL znodes of that session, so they vanish when the broker stops. This
process plays that part for the lab: it speaks ZooKeeper's jute protocol
(connect, create, setData, ping, closeSession; no third-party modules),
creates the persistent znodes of a spec file (topic assignments, partition
states) and the ephemeral ones of its own session, then pings at a third of
the session timeout. A lost connection is retried with backoff on a new
session, and the ephemeral znodes are made again, as a broker re-registers.
SIGTERM closes the session, so the registration goes at once.

Usage: zkregistrar.py HOST:PORT SPEC.json READY-FILE

SPEC.json: {"persistent": [[path, data], ...], "ephemeral": [[path, data], ...]}
where data is a string (written as is) or a JSON object (written compactly;
a "timestamp" key is set to the time of creation in milliseconds, as Kafka does).
READY-FILE is written once everything exists, with the session id in hex.
"""

import json
import os
import signal
import socket
import struct
import sys
import time

SESSION_TIMEOUT_MS = 6000
OPEN_ACL = [(31, "world", "anyone")]  # ZooDefs.Ids.OPEN_ACL_UNSAFE
CREATE, SET_DATA, PING, CLOSE = 1, 5, 11, -11
PERSISTENT, EPHEMERAL = 0, 1
NODE_EXISTS, NO_NODE = -110, -101


class ZooKeeperError(Exception):
    pass


def jute_int(value):
    return struct.pack(">i", value)


def jute_long(value):
    return struct.pack(">q", value)


def jute_buffer(data):
    if data is None:
        return jute_int(-1)
    return jute_int(len(data)) + data


def jute_string(text):
    return jute_buffer(text.encode())


class Session:
    """One ZooKeeper session over one TCP connection; requests are answered in order."""

    def __init__(self, host, port, timeout_ms=SESSION_TIMEOUT_MS):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.sock.settimeout(timeout_ms / 1000)
        self.xid = 0
        # ConnectRequest: protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly.
        self._send(jute_int(0) + jute_long(0) + jute_int(timeout_ms) + jute_long(0) + jute_buffer(bytes(16)) + b"\x00")
        reply = self._receive()
        if len(reply) < 20:
            raise ZooKeeperError("short ConnectResponse")
        _, self.timeout_ms, self.session_id = struct.unpack(">iiq", reply[:16])
        if self.session_id == 0 or self.timeout_ms <= 0:
            raise ZooKeeperError("the server refused the session")

    def _send(self, payload):
        self.sock.sendall(jute_int(len(payload)) + payload)

    def _exactly(self, count):
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise ZooKeeperError("the server closed the connection")
            data += chunk
        return data

    def _receive(self):
        (length,) = struct.unpack(">i", self._exactly(4))
        if length < 0 or length > 1 << 20:
            raise ZooKeeperError("a frame of %d bytes" % length)
        return self._exactly(length)

    def call(self, op, body, xid=None):
        """Sends one request and returns (error code, reply body); skips watch events (xid -1)."""
        if xid is None:
            self.xid += 1
            xid = self.xid
        self._send(jute_int(xid) + jute_int(op) + body)
        while True:
            reply = self._receive()
            got, _zxid, err = struct.unpack(">iqi", reply[:16])
            if got == -1:
                continue
            if got != xid:
                raise ZooKeeperError("reply for xid %d, expected %d" % (got, xid))
            return err, reply[16:]

    def create(self, path, data, mode):
        acl = jute_int(len(OPEN_ACL)) + b"".join(jute_int(p) + jute_string(s) + jute_string(i) for p, s, i in OPEN_ACL)
        err, _ = self.call(CREATE, jute_string(path) + jute_buffer(data) + acl + jute_int(mode))
        return err

    def set_data(self, path, data):
        err, _ = self.call(SET_DATA, jute_string(path) + jute_buffer(data) + jute_int(-1))
        return err

    def ping(self):
        err, _ = self.call(PING, b"", xid=-2)
        if err:
            raise ZooKeeperError("ping answered with error %d" % err)

    def close(self):
        try:
            self.call(CLOSE, b"")
        except (OSError, ZooKeeperError):
            pass
        self.sock.close()


def encode(data):
    if isinstance(data, str):
        return data.encode()
    data = dict(data)
    if "timestamp" in data:
        data["timestamp"] = str(int(time.time() * 1000))
    return json.dumps(data, separators=(",", ":")).encode()


def ensure_parents(session, path):
    parts = path.strip("/").split("/")[:-1]
    for i in range(1, len(parts) + 1):
        err = session.create("/" + "/".join(parts[:i]), b"", PERSISTENT)
        if err not in (0, NODE_EXISTS):
            raise ZooKeeperError("create /%s: error %d" % ("/".join(parts[:i]), err))


def register(session, spec):
    for path, data in spec.get("persistent", []):
        ensure_parents(session, path)
        err = session.create(path, encode(data), PERSISTENT)
        if err == NODE_EXISTS:
            err = session.set_data(path, encode(data))
        if err:
            raise ZooKeeperError("create %s: error %d" % (path, err))
    for path, data in spec.get("ephemeral", []):
        ensure_parents(session, path)
        # A previous session's znode lives until that session expires; a restarted Kafka
        # broker waits for it the same way.
        deadline = time.time() + 3 * session.timeout_ms / 1000 + 5
        while True:
            err = session.create(path, encode(data), EPHEMERAL)
            if err != NODE_EXISTS or time.time() > deadline:
                break
            session.ping()
            time.sleep(0.5)
        if err:
            raise ZooKeeperError("create %s: error %d" % (path, err))


def main(argv):
    if len(argv) != 4:
        print("Usage: zkregistrar.py HOST:PORT SPEC.json READY-FILE", file=sys.stderr)
        return 2
    host, port = argv[1].rsplit(":", 1)
    with open(argv[2]) as f:
        spec = json.load(f)
    ready = argv[3]
    current = [None]

    def stop(_signum, _frame):
        if current[0] is not None:
            current[0].close()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    backoff = 0.2
    while True:
        try:
            session = Session(host, int(port))
            current[0] = session
            register(session, spec)
            with open(ready + ".tmp", "w") as f:
                f.write("0x%x\n" % session.session_id)
            os.replace(ready + ".tmp", ready)
            print("registered with session 0x%x" % session.session_id, file=sys.stderr, flush=True)
            backoff = 0.2
            while True:
                time.sleep(session.timeout_ms / 3000)
                session.ping()
        except (OSError, ZooKeeperError) as error:
            print("ZooKeeper session lost (%s); retrying in %.1f s" % (error, backoff), file=sys.stderr, flush=True)
            if current[0] is not None:
                current[0].sock.close()
                current[0] = None
            time.sleep(backoff)
            backoff = min(backoff * 2, 5)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
