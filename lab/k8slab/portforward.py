"""pods/{name}/portforward over WebSocket, as kube-apiserver and the kubelet
serve it to WebSocket clients (the Python client, client-go's websocket
dialer), bridged to the lab's real servers.

Before the upgrade, errors are Status objects with the API server's words
(404 for a missing pod, 400 for one without a node, ...). After `101
Switching Protocols`, with the channel protocol (`v4.channel.k8s.io`,
`channel.k8s.io`, or none offered): port i of the request has data channel
2i and error channel 2i+1; the first frame on each is the channel byte and
the port as uint16 little-endian; after that every frame is the channel
byte and payload. A port whose backend refuses gets containerd's error text
on its error channel; when every port is done the server closes the
WebSocket (close frame 1000), as the kubelet does.

Which real server stands for a pod's port is decided when the tunnel opens,
from the run directory: redis-0:6379 is the lab's redis-server, zookeeper-0:2181
its ZooKeeper, kafka-N:9092 the mock's broker N + firstBrokerId
(`kafka/brokers.json`). Anything else is refused, as a pod's network
namespace with nothing listening on that port would.
"""

import errno
import json
import os
import select
import socket
import ssl
import struct
import threading
import time

from . import objects
from . import websocket as ws
from .errors import ApiError, not_found

PROTOCOLS = ("v4.channel.k8s.io", "channel.k8s.io")  # in order of preference; both binary
MAX_MESSAGE = 1 << 20  # a client message larger than this ends the tunnel with 1009
BUFFER_LIMIT = 1 << 20  # per direction: past this the other side is not read
READ_CHUNK = 64 * 1024
CLOSE_WAIT_SECONDS = 2.0  # after our close frame, how long the client has to answer it
CONNECT_TIMEOUT = 2.0

LAB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bad_request(message):
    return ApiError(400, "BadRequest", message)


def parse_ports(query):
    """The `ports` parameters (repeated, or comma-separated), as the kubelet
    parses them; errors are 400 with its words."""
    ports = []
    for value in query.get("ports", []):
        if value == "":
            raise bad_request('query parameter "port" cannot be empty')
        for piece in value.split(","):
            if not piece.isdigit():
                raise bad_request('unable to parse "%s" as a port: strconv.ParseUint: parsing "%s": invalid syntax'
                                  % (value, piece))
            port = int(piece)
            if port > 65535:
                raise bad_request('unable to parse "%s" as a port: strconv.ParseUint: parsing "%s": value out of '
                                  'range' % (value, piece))
            if port < 1:
                raise bad_request('port "%s" must be > 0' % value)
            ports.append(port)
    return ports


def is_upgrade(headers):
    connection = [t.strip().lower() for t in (headers.get("Connection") or "").split(",")]
    return "upgrade" in connection and (headers.get("Upgrade") or "").strip().lower() == "websocket"


def offered_protocols(headers):
    values = headers.get_all("Sec-WebSocket-Protocol") or []
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


def choose_protocol(headers):
    """The subprotocol to answer with: ours in order of preference among those
    offered; "" (binary channels, no header) when none are offered, as the
    kubelet does; a 400 when only protocols the lab does not speak are."""
    offered = offered_protocols(headers)
    if not offered:
        return ""
    for protocol in PROTOCOLS:
        if protocol in offered:
            return protocol
    raise bad_request("the lab's API stand-in serves pods/portforward over the channel.k8s.io WebSocket protocols "
                      "only (%s); the client offered %s" % (", ".join(PROTOCOLS), ", ".join(offered)))


def sandbox_id(pod):
    m = pod["metadata"]
    return objects.hexsuffix("sandbox", m["namespace"], m["name"], m["uid"]) * 4


def refused_message(pod, port, detail="connect: connection refused"):
    """What containerd writes on the error channel when nothing listens on the
    port inside the pod's network namespace (the kubelet relays it)."""
    sandbox = sandbox_id(pod)
    netns = "/var/run/netns/cni-" + objects.uid("netns", pod["metadata"]["uid"])
    return ('error forwarding port %d to pod %s, uid : failed to execute portforward in network namespace "%s": '
            'failed to connect to localhost:%d inside namespace "%s", IPv4: dial tcp4 127.0.0.1:%d: %s '
            'IPv6 dial tcp6 [::1]:%d: %s ' % (port, sandbox, netns, port, sandbox, port, detail, port, detail))


class Backends:
    """Which of the lab's real servers stands for a pod's port, read from the
    run directory at connect time (the servers may start after the API
    stand-in, and restart on other ports)."""

    def __init__(self, run_dir, lab_dir=LAB):
        self.run = run_dir
        self.lab_dir = lab_dir

    def _read(self, *path):
        try:
            with open(os.path.join(self.run, *path)) as f:
                return f.read().strip()
        except OSError:
            return None

    def _loopback(self, text):
        return ("127.0.0.1", int(text)) if text and text.isdigit() else None

    def _broker(self, ordinal):
        try:
            with open(os.path.join(self.lab_dir, "kafka.json")) as f:
                first = json.load(f).get("firstBrokerId", 0)
            with open(os.path.join(self.run, "kafka", "brokers.json")) as f:
                address = json.load(f).get(str(first + ordinal))
        except (OSError, ValueError):
            return None
        if not address:
            return None
        host, _, port = address.rpartition(":")
        return (host, int(port)) if port.isdigit() else None

    def address(self, pod, port):
        """(host, port) of the server behind the pod's port, or None when
        nothing listens there: no container declares it, the container is not
        running, or the lab has no server for it."""
        spec, status = pod["spec"], pod.get("status", {})
        container = next((c["name"] for c in spec.get("containers", [])
                          if any(p.get("containerPort") == port for p in c.get("ports", []))), None)
        if container is None:
            return None
        cs = next((s for s in status.get("containerStatuses", []) if s["name"] == container), None)
        if cs is None or "running" not in cs.get("state", {}):
            return None
        labels = pod["metadata"].get("labels", {})
        app = labels.get("app")
        ordinal = labels.get("apps.kubernetes.io/pod-index", "")
        if app == "redis" and port == 6379:
            return self._loopback(self._read("redis", "port"))
        if app == "mongodb" and port == 27017:
            return self._loopback(self._read("mongodb", "port"))
        if app == "zookeeper" and port == 2181:
            return self._loopback(self._read("zookeeper", "port"))
        if app == "kafka" and port == 9092 and ordinal.isdigit():
            return self._broker(int(ordinal))
        return None


class Registry:
    """Open tunnels, for `portforward/drop`, `stall` and `resume`, `/lab/status`
    and shutdown."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tunnels = set()
        self.opened = 0
        self.dropped = 0
        # While set, no tunnel reads from its client or its backends: requests sent now
        # wait mid-way, as over a link that stopped passing packets.
        self.stalled = False

    def add(self, tunnel):
        with self.lock:
            self.opened += 1
            self.tunnels.add(tunnel)
            return self.opened

    def remove(self, tunnel):
        with self.lock:
            self.tunnels.discard(tunnel)

    def _signal(self, what, wait):
        with self.lock:
            tunnels = list(self.tunnels)
        for t in tunnels:
            t.signal(what)
        deadline = time.time() + wait
        for t in tunnels:
            t.finished.wait(max(0.0, deadline - time.time()))
        return len(tunnels)

    def drop_all(self, wait=3.0):
        """Ends every open tunnel abruptly (TCP close, no close frame); returns how many."""
        n = self._signal(b"d", wait)
        with self.lock:
            self.dropped += n
        return n

    def stall(self, stalled):
        """Stops (True) or restarts (False) relaying on every tunnel, open or
        opened later; returns how many are open."""
        with self.lock:
            self.stalled = stalled
            tunnels = list(self.tunnels)
        for t in tunnels:
            t.signal(b"s")  # wake its loop to notice
        return len(tunnels)

    def close_all(self, wait=1.0):
        """Ends every open tunnel cleanly (close frame 1001), for shutdown."""
        return self._signal(b"g", wait)

    def stats(self):
        with self.lock:
            return {"opened": self.opened, "open": len(self.tunnels), "dropped": self.dropped,
                    "stalled": self.stalled}


class Port:
    def __init__(self, index, number):
        self.index = index
        self.number = number
        self.sock = None
        self.to_backend = bytearray()
        self.done = False
        self.target = None


class Tunnel:
    """One upgraded connection: its own thread (the request's) runs a select
    loop over the client socket (plain or TLS, non-blocking), the backends and
    a wake-up socket through which the control channel ends it."""

    def __init__(self, registry, client, pod, ports, log):
        self.registry = registry
        self.client = client
        self.pod = pod
        self.ports = [Port(i, n) for i, n in enumerate(ports)]
        self.log = log
        self.reader = ws.Reader(MAX_MESSAGE)
        self.out = bytearray()
        self.finished = threading.Event()
        self.wake_r, self.wake_w = socket.socketpair()
        self.wake_w.setblocking(False)
        self.close_sent = False  # our close frame is queued
        self.close_deadline = None
        self.shut_write = False
        self.discard_input = False  # after a protocol error or our half-close
        self.ended = None  # why the tunnel ended
        self.bytes_in = 0  # client -> pods
        self.bytes_out = 0  # pods -> client
        self.id = 0

    def signal(self, what):
        try:
            self.wake_w.send(what)
        except OSError:
            pass

    # Setup -------------------------------------------------------------------

    def start(self, backends):
        """The port frames on both channels of every port, then a connection to
        each port's backend; a refused one gets the error text on its error
        channel. Returns a description of the ports for the log."""
        for p in self.ports:
            number = struct.pack("<H", p.number)
            self.out += ws.frame(ws.BINARY, bytes([2 * p.index]) + number)
            self.out += ws.frame(ws.BINARY, bytes([2 * p.index + 1]) + number)
        described = []
        for p in self.ports:
            target = backends.address(self.pod, p.number)
            detail = "connect: connection refused"
            if target is not None:
                try:
                    p.sock = socket.create_connection(target, timeout=CONNECT_TIMEOUT)
                    p.sock.setblocking(False)
                    p.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    p.target = target
                    described.append("%d->%s:%d" % (p.number, target[0], target[1]))
                    continue
                except socket.timeout:
                    detail = "i/o timeout"
                except OSError as e:
                    if e.errno != errno.ECONNREFUSED:
                        detail = "connect: " + (e.strerror or str(e)).lower()
            p.done = True
            self.out += ws.frame(ws.BINARY, bytes([2 * p.index + 1]) + refused_message(self.pod, p.number, detail).encode())
            described.append("%d refused" % p.number)
        self._maybe_finish_ports()
        return ", ".join(described)

    # The loop ----------------------------------------------------------------

    def run(self, prebuffer=b""):
        self.client.setblocking(False)
        self.reader.feed(prebuffer)
        try:
            self._loop()
        except Exception as e:  # a lab bug must not leave sockets open
            self.ended = self.ended or "error: %r" % e
            self._hangup()
        finally:
            for p in self.ports:
                self._close_backend(p)
            for s in (self.wake_r, self.wake_w):
                s.close()
            self.registry.remove(self)
            self.finished.set()

    def _loop(self):
        while True:
            if not self._process_input():
                return
            if self.close_sent and not self.out and not self.shut_write:
                # Our close frame is out: half-close, then wait (bounded) for the
                # client's close or EOF, so unread bytes never turn our FIN into a RST.
                self._shutdown_write()
            if self.close_deadline is not None and time.time() >= self.close_deadline:
                self._hangup()
                return
            rlist, wlist = [self.wake_r], []
            stalled = self.registry.stalled and not self.close_sent
            can_read_client = not stalled and all(len(p.to_backend) < BUFFER_LIMIT for p in self.ports)
            if can_read_client:
                rlist.append(self.client)
            if self.out and not self.shut_write:
                wlist.append(self.client)
            for p in self.ports:
                if p.sock is None:
                    continue
                if len(self.out) < BUFFER_LIMIT and not self.close_sent and not stalled:
                    rlist.append(p.sock)
                if p.to_backend:
                    wlist.append(p.sock)
            timeout = None
            if self.close_deadline is not None:
                timeout = max(0.0, self.close_deadline - time.time())
            if can_read_client and isinstance(self.client, ssl.SSLSocket) and self._ssl_pending():
                timeout = 0  # decrypted bytes select() cannot see
            try:
                readable, writable, _ = select.select(rlist, wlist, [], timeout)
            except (OSError, ValueError):
                self.ended = self.ended or "client socket failed"
                self._hangup()
                return
            if self.wake_r in readable:
                what = self.wake_r.recv(64)
                if b"d" in what:
                    self.ended = "dropped by the lab (no close frame)"
                    self._hangup()
                    return
                if b"g" in what and not self.close_sent:
                    self.ended = "lab shutting down"
                    self._send_close(ws.GOING_AWAY, "the lab is shutting down")
            if self.client in writable and not self._write_client():
                self.ended = self.ended or "client went away"
                self._hangup()
                return
            for p in self.ports:
                if p.sock is not None and p.sock in writable:
                    self._write_backend(p)
                if p.sock is not None and p.sock in readable:
                    self._read_backend(p)
            if can_read_client and (self.client in readable or timeout == 0):
                if not self._read_client():
                    if not self.close_sent:
                        self.ended = self.ended or "client closed the connection (no close frame)"
                    self._hangup()
                    return

    def _ssl_pending(self):
        try:
            return self.client.pending() > 0
        except (OSError, ValueError, AttributeError):
            return False

    def _process_input(self):
        try:
            events = self.reader.events()
        except ws.ProtocolError as e:
            self.ended = "protocol error %d: %s" % (e.code, e.reason)
            self.reader = ws.Reader(MAX_MESSAGE)  # whatever follows is not read
            self.discard_input = True
            self._send_close(e.code, e.reason)
            return True
        for event in events:
            kind = event[0]
            if kind == "message":
                if self.close_sent:
                    continue  # after our close, data is discarded
                payload = event[2]
                if not payload:
                    continue
                channel = payload[0]
                if channel % 2 == 0 and channel // 2 < len(self.ports):
                    p = self.ports[channel // 2]
                    if not p.done and p.sock is not None:
                        p.to_backend += payload[1:]
                        self.bytes_in += len(payload) - 1
                # The error channels and unknown channels are not readable: ignored, as the kubelet does.
            elif kind == "ping":
                if not self.close_sent:
                    self.out += ws.frame(ws.PONG, event[1])
            elif kind == "close":
                if self.close_sent:
                    self.ended = self.ended or "closed"
                    self._hangup()
                    return False
                try:
                    code, _ = ws.parse_close(event[1])
                except ws.ProtocolError as e:
                    self.ended = "protocol error %d: %s" % (e.code, e.reason)
                    self._send_close(e.code, e.reason)
                    return True
                self.ended = "client closed (%d)" % code
                for p in self.ports:
                    self._close_backend(p)
                # Echo the client's code; a close without one is answered without one.
                self.out += ws.close_frame(code) if code != 1005 else ws.frame(ws.CLOSE)
                self.close_sent = True
                self.close_deadline = time.time() + CLOSE_WAIT_SECONDS
        return True

    def _send_close(self, code, reason=""):
        if self.close_sent:
            return
        for p in self.ports:
            self._close_backend(p)
        self.out += ws.close_frame(code, reason)
        self.close_sent = True
        self.close_deadline = time.time() + CLOSE_WAIT_SECONDS

    def _maybe_finish_ports(self):
        if all(p.done for p in self.ports) and not self.close_sent:
            self.ended = self.ended or "every port's connection ended"
            self._send_close(ws.NORMAL_CLOSURE)

    def _read_client(self):
        """False on EOF or a reset."""
        budget = 4 * READ_CHUNK
        while budget > 0:
            try:
                data = self.client.recv(READ_CHUNK)
            except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                return True
            except OSError:
                return False
            if not data:
                return False
            budget -= len(data)
            if not self.discard_input:
                self.reader.feed(data)
        return True

    def _write_client(self):
        while self.out:
            # The same leading bytes on a retry, as TLS requires after a want-write.
            chunk = bytes(self.out[:READ_CHUNK])
            try:
                n = self.client.send(chunk)
            except (BlockingIOError, ssl.SSLWantWriteError, ssl.SSLWantReadError):
                return True
            except OSError:
                return False
            del self.out[:n]
        return True

    def _read_backend(self, p):
        try:
            data = p.sock.recv(READ_CHUNK)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if data:
            self.out += ws.frame(ws.BINARY, bytes([2 * p.index]) + data)
            self.bytes_out += len(data)
            return
        self._close_backend(p)
        self._maybe_finish_ports()

    def _write_backend(self, p):
        try:
            n = p.sock.send(p.to_backend)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._close_backend(p)
            self._maybe_finish_ports()
            return
        del p.to_backend[:n]

    def _close_backend(self, p):
        p.done = True
        p.to_backend.clear()
        if p.sock is not None:
            try:
                p.sock.close()
            except OSError:
                pass
            p.sock = None

    def _shutdown_write(self):
        self.shut_write = True
        try:
            # On a TLS socket this also forgets the TLS state: no close_notify,
            # the rest of the input is discarded unread.
            self.client.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        self.discard_input = True

    def _hangup(self):
        """Closes the client's TCP connection at once: no close frame, no
        close_notify."""
        for p in self.ports:
            self._close_backend(p)
        try:
            self.client.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self.client.close()
        except OSError:
            pass


def drain_buffered(rfile, sock):
    """Bytes the HTTP parser's buffer already holds beyond the request's
    headers (a client may send frames right behind its handshake)."""
    sock.setblocking(False)
    try:
        data = rfile.peek(READ_CHUNK)
    except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError, ValueError):
        return b""
    except OSError:
        return b""
    if data:
        rfile.read(len(data))
    return data


def preflight(pod, name, upgrade, ports):
    """The checks before the upgrade, in the order the API server (the pod,
    its node, the upgrade headers) and then the kubelet (running, ports)
    make them."""
    if pod is None:
        raise not_found("pods", name)
    if not pod["spec"].get("nodeName"):
        raise bad_request("pod %s does not have a host assigned" % name)
    if not upgrade:
        raise bad_request("Upgrade request required")
    phase = pod.get("status", {}).get("phase", "")
    if phase != "Running":
        # kubectl's own words for a pod it will not forward to.
        raise bad_request("unable to forward port because pod is not running. Current status=%s" % phase)
    if not ports:
        raise bad_request('query parameter "port" is required')


def serve_portforward(h, namespace, name, query):
    """GET pods/{name}/portforward with a WebSocket upgrade. Authorization
    (create pods/portforward) is the caller's; the checks here come in the
    order the API server and then the kubelet make them."""
    ports = parse_ports(query)
    pod = h.lab.store.get("pods", namespace, name)
    preflight(pod, name, is_upgrade(h.headers), ports)
    if (h.headers.get("Sec-WebSocket-Version") or "").strip() != "13":
        raise VersionMismatch()
    key = h.headers.get("Sec-WebSocket-Key") or ""
    if not ws.valid_key(key):
        raise bad_request("websocket: the Sec-WebSocket-Key header is missing or not 16 bytes in base64")
    protocol = choose_protocol(h.headers)

    registry = h.lab.portforwards
    h.send_response(101, "Switching Protocols")
    h.send_header("Upgrade", "websocket")
    h.send_header("Connection", "Upgrade")
    h.send_header("Sec-WebSocket-Accept", ws.accept_key(key))
    if protocol:
        h.send_header("Sec-WebSocket-Protocol", protocol)
    h.end_headers()
    h.wfile.flush()
    h.close_connection = True

    log = h.server.log_file
    tunnel = Tunnel(registry, h.connection, pod, ports, log)
    tunnel.id = registry.add(tunnel)
    started = time.time()
    described = tunnel.start(h.lab.backends)
    peer = h.client_address
    _log(log, "portforward #%d open: %s/%s %s (protocol %s) for %s from %s:%d" % (
        tunnel.id, namespace, name, described, protocol or "none", h.user_name, peer[0], peer[1]))
    tunnel.run(drain_buffered(h.rfile, h.connection))
    _log(log, "portforward #%d closed after %.1fs: %s; %d bytes to the pod, %d from it" % (
        tunnel.id, time.time() - started, tunnel.ended or "closed", tunnel.bytes_in, tunnel.bytes_out))


class VersionMismatch(ApiError):
    """RFC 6455 4.4: the versions the server speaks go back in a header."""

    def __init__(self):
        super().__init__(400, "BadRequest", "websocket: unsupported version: the lab speaks Sec-WebSocket-Version 13")
        self.headers = {"Sec-WebSocket-Version": "13"}


def _log(log, line):
    log.write("%s %s\n" % (time.strftime("%H:%M:%S"), line))
    log.flush()
