"""The server side of RFC 6455, as much as a port-forward needs: the opening
handshake's accept key, frames written unmasked, and an incremental reader
of the client's masked frames that reassembles fragmented messages and
enforces the protocol's rules (close codes 1002 and 1009 on violations)."""

import base64
import hashlib
import struct

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

CONTINUATION, TEXT, BINARY, CLOSE, PING, PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA

NORMAL_CLOSURE = 1000
GOING_AWAY = 1001
PROTOCOL_ERROR = 1002
MESSAGE_TOO_BIG = 1009


def accept_key(key):
    return base64.b64encode(hashlib.sha1((key.strip() + GUID).encode()).digest()).decode()


def valid_key(key):
    """Sec-WebSocket-Key: 16 random bytes, base64-encoded."""
    try:
        return len(base64.b64decode(key.strip(), validate=True)) == 16
    except (ValueError, TypeError):
        return False


def frame(opcode, payload=b""):
    """One unmasked, unfragmented frame, as a server sends them."""
    n = len(payload)
    if n < 126:
        header = struct.pack("!BB", 0x80 | opcode, n)
    elif n < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 126, n)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 127, n)
    return header + payload


def close_frame(code, reason=""):
    return frame(CLOSE, struct.pack("!H", code) + reason.encode()[:120])


def unmask(data, mask):
    if not data:
        return b""
    n = len(data)
    key = (mask * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(key, "big")).to_bytes(n, "big")


class ProtocolError(Exception):
    """The client broke RFC 6455; the connection ends with close code `code`."""

    def __init__(self, code, reason):
        super().__init__(reason)
        self.code = code
        self.reason = reason


class Reader:
    """Feed it the client's bytes; it yields whole messages and control frames.

    Data messages come out as ("message", opcode, payload) once their last
    fragment has arrived; control frames (which may arrive between the
    fragments of a message) as ("ping"|"pong"|"close", payload). A frame or
    message longer than max_message raises ProtocolError(1009) as soon as its
    header says so, before the payload is buffered."""

    def __init__(self, max_message):
        self.max_message = max_message
        self.buffer = bytearray()
        self.fragments = None  # (opcode, [payloads], total length) of an unfinished message

    def feed(self, data):
        self.buffer += data

    def pending(self):
        return len(self.buffer)

    def events(self):
        out = []
        while True:
            event = self._next()
            if event is None:
                return out
            if event[0] != "fragment":
                out.append(event)

    def _next(self):
        buf = self.buffer
        if len(buf) < 2:
            return None
        b0, b1 = buf[0], buf[1]
        fin, rsv, opcode = b0 & 0x80, b0 & 0x70, b0 & 0x0F
        masked, length = b1 & 0x80, b1 & 0x7F
        pos = 2
        if length == 126:
            if len(buf) < 4:
                return None
            length = struct.unpack_from("!H", buf, 2)[0]
            pos = 4
        elif length == 127:
            if len(buf) < 10:
                return None
            length = struct.unpack_from("!Q", buf, 2)[0]
            pos = 10
        if rsv:
            raise ProtocolError(PROTOCOL_ERROR, "reserved bits set without a negotiated extension")
        if not masked:
            raise ProtocolError(PROTOCOL_ERROR, "a client frame must be masked")
        if opcode >= 0x8:
            if opcode not in (CLOSE, PING, PONG):
                raise ProtocolError(PROTOCOL_ERROR, "unknown control opcode %d" % opcode)
            if not fin or length > 125:
                raise ProtocolError(PROTOCOL_ERROR, "a control frame must be whole and at most 125 bytes")
        elif opcode not in (CONTINUATION, TEXT, BINARY):
            raise ProtocolError(PROTOCOL_ERROR, "unknown data opcode %d" % opcode)
        elif opcode == CONTINUATION and self.fragments is None:
            raise ProtocolError(PROTOCOL_ERROR, "a continuation frame without a message to continue")
        elif opcode != CONTINUATION and self.fragments is not None:
            raise ProtocolError(PROTOCOL_ERROR, "a new message before the last fragment of the previous one")
        so_far = self.fragments[2] if (opcode == CONTINUATION and self.fragments) else 0
        if opcode < 0x8 and so_far + length > self.max_message:
            raise ProtocolError(MESSAGE_TOO_BIG, "message larger than %d bytes" % self.max_message)
        end = pos + 4 + length
        if len(buf) < end:
            return None
        payload = unmask(bytes(buf[pos + 4:end]), bytes(buf[pos:pos + 4]))
        del buf[:end]
        if opcode == PING:
            return ("ping", payload)
        if opcode == PONG:
            return ("pong", payload)
        if opcode == CLOSE:
            return ("close", payload)
        if opcode != CONTINUATION:
            self.fragments = (opcode, [], 0)
        first, parts, total = self.fragments
        parts.append(payload)
        self.fragments = (first, parts, total + len(payload))
        if not fin:
            return ("fragment",)
        self.fragments = None
        return ("message", first, b"".join(parts))


def parse_close(payload):
    """(code, reason) of a close frame's payload; code 1005 when it has none.
    A one-byte payload, or a code no endpoint may send, is a protocol error."""
    if not payload:
        return 1005, ""
    if len(payload) == 1:
        raise ProtocolError(PROTOCOL_ERROR, "a close frame with a one-byte payload")
    code = struct.unpack("!H", payload[:2])[0]
    if code < 1000 or code in (1004, 1005, 1006, 1015) or 1016 <= code < 3000 or code >= 5000:
        raise ProtocolError(PROTOCOL_ERROR, "close code %d may not be sent" % code)
    return code, payload[2:].decode("utf-8", "replace")
