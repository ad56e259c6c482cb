"""A minimal WebSocket client over the lab's TLS port, for what the Python
Kubernetes client hides: the handshake's headers, every frame the server
sends (port frames, close codes), and frames no polite client sends
(fragmented, unmasked, oversized)."""

import base64
import json
import os
import socket
import ssl
import struct

CONTINUATION, TEXT, BINARY, CLOSE, PING, PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class WebSocket:
    def __init__(self, lab, path, token=None, protocols=("v4.channel.k8s.io",), headers=None, upgrade=True,
                 version="13", timeout=10):
        ctx = ssl.create_default_context(cafile=lab.ca())
        raw = socket.create_connection(("127.0.0.1", lab.ports["https"]), timeout=timeout)
        self.sock = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
        self.buffer = b""
        token = lab.token() if token is None else token
        lines = ["GET %s HTTP/1.1" % path, "Host: 127.0.0.1:%d" % lab.ports["https"]]
        if upgrade:
            self.key = base64.b64encode(os.urandom(16)).decode()
            lines += ["Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: %s" % version,
                      "Sec-WebSocket-Key: %s" % self.key]
        if protocols:
            lines.append("Sec-WebSocket-Protocol: %s" % ", ".join(protocols))
        if token:
            lines.append("Authorization: Bearer %s" % token)
        for name, value in (headers or {}).items():
            lines.append("%s: %s" % (name, value))
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = self._read_until(b"\r\n\r\n").decode("latin-1")
        status_line, *header_lines = head.split("\r\n")
        self.status = int(status_line.split()[1])
        self.headers = {}
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                self.headers[name.strip().lower()] = value.strip()
        self.body = None
        if self.status != 101:
            length = int(self.headers.get("content-length", "0"))
            while len(self.buffer) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self.buffer += chunk
            self.body = json.loads(self.buffer[:length]) if length else None
            self.close()

    def _read_until(self, marker):
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection during the handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(marker, 1)
        return head

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    # Sending -----------------------------------------------------------------

    def send_frame(self, opcode, payload=b"", fin=True, mask=True, length=None):
        """One frame; `length` overrides the header's length (the payload is not sent then)."""
        n = len(payload) if length is None else length
        b0 = (0x80 if fin else 0) | opcode
        m = 0x80 if mask else 0
        if n < 126:
            header = struct.pack("!BB", b0, m | n)
        elif n < 1 << 16:
            header = struct.pack("!BBH", b0, m | 126, n)
        else:
            header = struct.pack("!BBQ", b0, m | 127, n)
        if length is not None:
            self.sock.sendall(header + (os.urandom(4) if mask else b""))
            return
        if mask:
            key = os.urandom(4)
            if payload:
                stream = (key * (len(payload) // 4 + 1))[:len(payload)]
                payload = (int.from_bytes(payload, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(payload), "big")
            header += key
        self.sock.sendall(header + payload)

    def send(self, channel, data):
        self.send_frame(BINARY, bytes([channel]) + data)

    def send_close(self, code=1000):
        self.send_frame(CLOSE, struct.pack("!H", code))

    # Receiving ---------------------------------------------------------------

    def recv_frame(self):
        """(fin, opcode, payload); raises EOFError when the connection ends."""
        b0, b1 = self._read(2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self._read(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._read(8))[0]
        assert not b1 & 0x80, "a server frame must not be masked"
        return bool(b0 & 0x80), b0 & 0x0F, self._read(n)

    def recv_data(self, channel, until, limit=1 << 20):
        """Payloads on `channel` until `until(bytes so far)` holds; returns them joined."""
        data = b""
        while not until(data) and len(data) < limit:
            _, opcode, payload = self.recv_frame()
            if opcode == BINARY and payload[:1] == bytes([channel]):
                data += payload[1:]
            elif opcode == CLOSE:
                raise AssertionError("closed (%r) after %r" % (payload, data))
        return data

    def recv_all(self):
        """Every frame up to the end of the connection."""
        frames = []
        while True:
            try:
                frames.append(self.recv_frame())
            except (EOFError, ConnectionError, ssl.SSLError):
                return frames

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def close_code(payload):
    return struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None


def resp(*words):
    """A command in RESP, as redis-cli sends it."""
    out = b"*%d\r\n" % len(words)
    for w in words:
        w = w if isinstance(w, bytes) else w.encode()
        out += b"$%d\r\n%s\r\n" % (len(w), w)
    return out
