"""The Kubernetes API surface: routing, lists with pagination, single GETs,
watches, pod logs and discovery. Read-only: writes get 405."""

import base64
import contextlib
import json
import select
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler

from . import discovery, tables
from .errors import ApiError, method_not_allowed, not_found
from .logserving import serve_logs
from .portforward import Registry, serve_portforward
from .params import flag as _flag, integer as _int, one as _one
from .selectors import matcher
from .watch import serve_watch

TABLE_MEDIA = "as=Table"
AGGREGATED_MEDIA = "as=APIGroupDiscoveryList"


class Lab:
    """Everything a request handler needs, shared by both API ports."""

    def __init__(self, store, scenario, authenticator, bookmark_interval=5.0, address=""):
        self.store = store
        self.scenario = scenario
        self.auth = authenticator
        self.bookmark_interval = bookmark_interval
        self.address = address
        self.open_streams = 0
        self.streams_lock = threading.Lock()
        self.portforwards = Registry()
        self.backends = None  # portforward.Backends: which real server stands for a pod's port


def _route(path):
    """Splits an API path into (group, version, namespace, resource, name, subresource)
    or returns None when it is not a resource path."""
    parts = [p for p in path.split("/") if p]
    if parts[:2] == ["api", "v1"]:
        group, version, rest = "", "v1", parts[2:]
    elif len(parts) >= 3 and parts[0] == "apis":
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        return None
    namespace = None
    if len(rest) >= 2 and rest[0] == "namespaces" and len(rest) != 2:
        namespace, rest = rest[1], rest[2:]
    if not rest or len(rest) > 3:
        return None
    resource = rest[0]
    name = rest[1] if len(rest) > 1 else None
    sub = rest[2] if len(rest) > 2 else None
    return group, version, namespace, resource, name, sub


def _encode_continue(rv, last_name):
    raw = json.dumps({"v": "meta.k8s.io/v1", "rv": rv, "start": last_name + "\u0000"}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_continue(token):
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        return int(data["rv"]), data["start"]
    except (ValueError, KeyError, TypeError):
        raise ApiError(400, "BadRequest", "continue key is not valid: the continue token could not be decoded")


class ApiHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "infratop-lab"
    lab = None  # set on the subclass per server
    # On the plain HTTP port: who a request without credentials is. kubectl
    # never sends tokens over http://, so that port works like the old
    # --insecure-port (loopback, no TLS), but still under RBAC.
    plain_identity = None

    # Plumbing ----------------------------------------------------------------

    # A socket operation that blocks this long (waiting for the next request
    # on an idle keep-alive connection, writing to a client that stopped
    # reading) gives the thread back. Quiet watches do no socket operations.
    timeout = 300

    def setup(self):
        super().setup()
        self.peer_cert = None
        if hasattr(self.connection, "do_handshake"):
            try:
                self.connection.settimeout(10)  # a client that never speaks TLS
                self.connection.do_handshake()
                self.connection.settimeout(self.timeout)
                self.peer_cert = self.connection.getpeercert()
            except (OSError, ValueError):
                self.close_connection = True
                raise

    def send_response(self, code, message=None):
        super().send_response(code, message)
        # Real API servers stamp every response; clients log it for support.
        self.send_header("Audit-Id", str(uuid.uuid4()))

    def log_message(self, fmt, *args):
        # Request lines carry paths and queries only; credentials live in
        # headers and certificates, which are never logged.
        self.server.log_file.write("%s %s\n" % (time.strftime("%H:%M:%S"), fmt % args))
        self.server.log_file.flush()

    def _send_json(self, code, body, content_type="application/json", headers=None):
        data = json.dumps(body, separators=(",", ":")).encode() + b"\n"
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-cache, private")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _send_error(self, err):
        self._send_json(err.code, err.status(), headers=getattr(err, "headers", None))

    @contextlib.contextmanager
    def streaming(self, content_type):
        """A chunked 200 response that stays open for watch events or log
        lines; counted for /lab/status and always ended cleanly."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-cache, private")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        with self.lab.streams_lock:
            self.lab.open_streams += 1
        try:
            yield self
        finally:
            with self.lab.streams_lock:
                self.lab.open_streams -= 1
            try:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
            except OSError:
                pass
            self.close_connection = True

    def client_gone(self):
        """True once the client has hung up. While a stream is open an HTTP/1.1
        client sends nothing, so any readable byte (or EOF, or a TLS
        close_notify) means it has gone; without this check a quiet watch
        whose client left would hold its thread until the next event."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def chunk(self, data):
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

    # Verbs -------------------------------------------------------------------

    def do_GET(self):
        try:
            self._get()
        except ApiError as e:
            self._send_error(e)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_HEAD(self):
        self.do_GET()

    def _refuse(self):
        # Drain the body so the connection stays usable for the next request.
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        try:
            self._authenticate()
            self._send_error(method_not_allowed())
        except ApiError as e:
            self._send_error(e)

    do_POST = do_PUT = do_PATCH = do_DELETE = _refuse

    def _authenticate(self):
        if self.plain_identity is not None and "Authorization" not in self.headers:
            return self.plain_identity
        return self.lab.auth.authenticate(self.headers, self.peer_cert)

    # GET ---------------------------------------------------------------------

    def _get(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        path = url.path.rstrip("/") or "/"
        if path in ("/healthz", "/livez", "/readyz"):
            data = b"ok"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(data)
            return
        if path == "/version":
            return self._send_json(200, discovery.VERSION)
        user = self._authenticate()
        accept = self.headers.get("Accept", "")
        if path in ("/api", "/apis"):
            # kubectl 1.32 asks for aggregated discovery first and falls back to
            # the legacy documents when the response is plain JSON; serving the
            # aggregated form when asked keeps kubectl on its main path.
            if AGGREGATED_MEDIA in accept and "v=v2" in accept:
                return self._send_json(200, discovery.aggregated(path == "/api"),
                                       "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
            if path == "/api":
                return self._send_json(200, discovery.api_versions(self.lab.address))
            return self._send_json(200, discovery.api_group_list())
        if path == "/api/v1":
            return self._send_json(200, discovery.resource_list("v1"))
        if path == "/apis/apps/v1":
            return self._send_json(200, discovery.resource_list("apps/v1"))
        if path == "/apis/apps":
            gv = {"groupVersion": "apps/v1", "version": "v1"}
            return self._send_json(200, {"kind": "APIGroup", "apiVersion": "v1", "name": "apps",
                                         "versions": [gv], "preferredVersion": gv})
        route = _route(path)
        if route is None:
            raise ApiError(404, "NotFound", "the server could not find the requested resource", {})
        group, version, namespace, resource, name, sub = route
        known = discovery.RESOURCES.get(resource)
        if known is None or known[0] != group or known[1] != version:
            raise ApiError(404, "NotFound", "the server could not find the requested resource", {})
        cluster_scoped = resource in discovery.CLUSTER_SCOPED
        if cluster_scoped and namespace is not None:
            # No such route: nodes are not in namespaces.
            raise ApiError(404, "NotFound", "the server could not find the requested resource", {})
        watch = _flag(query, "watch")
        verb = "watch" if watch else ("get" if name else "list")
        if sub == "portforward" and resource == "pods" and name:
            # A WebSocket port-forward is a GET, but it opens a connection into
            # the pod: RBAC is asked for create, as for kubectl's SPDY POST.
            verb = "create"
        self.lab.auth.authorize(user, verb, resource, group, namespace, subresource=sub, name=name)
        if sub == "log" and resource == "pods" and name:
            return serve_logs(self, namespace, name, query)
        if verb == "create":
            self.user_name = user.name
            return serve_portforward(self, namespace, name, query)
        if sub is not None or (name and namespace is None and not cluster_scoped):
            # Authorized first, as the API server's filters run before its routes:
            # GET /api/v1/pods/NAME is a cluster-scope "get pods" without a route.
            raise ApiError(404, "NotFound", "the server could not find the requested resource", {})
        if name:
            obj = self.lab.store.get(resource, namespace or "", name)
            if obj is None:
                raise not_found(resource, name, group)
            if TABLE_MEDIA in accept:
                meta = {"resourceVersion": obj["metadata"]["resourceVersion"]}
                return self._send_json(200, tables.table(resource, [obj], meta,
                                                         _one(query, "includeObject") or "Metadata"))
            return self._send_json(200, obj)
        if watch:
            return serve_watch(self, resource, namespace, query, accept)
        return self._list(resource, namespace, query, accept)

    def _list(self, resource, namespace, query, accept):
        group, version, kind = discovery.RESOURCES[resource]
        # The stored objects themselves: only read, and copied below once paged.
        items, rv = self.lab.store.snapshot(resource, namespace)
        match = matcher(_one(query, "labelSelector"), _one(query, "fieldSelector"), resource)
        items = [o for o in items if match(o)]
        # The order and continue keys are etcd's, relative to the listed prefix: NAME within a
        # namespace or for a cluster-scoped kind, NAMESPACE/NAME across namespaces.
        if namespace is None and resource not in discovery.CLUSTER_SCOPED:
            def key(o):
                return "%s/%s" % (o["metadata"].get("namespace", ""), o["metadata"]["name"])
            items.sort(key=key)
        else:
            def key(o):
                return o["metadata"]["name"]
        token = _one(query, "continue")
        if token:
            token_rv, start = _decode_continue(token)
            if token_rv < self.lab.store.compacted_rv:
                raise ApiError(410, "Expired",
                               "The provided continue parameter is too old to display a consistent list result. "
                               "You can start a new list without the continue parameter.", {})
            rv = token_rv
            items = [o for o in items if key(o) > start.rstrip("\u0000")]
        meta = {"resourceVersion": str(rv)}
        limit = _int(query, "limit")
        if limit and limit > 0 and len(items) > limit:
            meta["continue"] = _encode_continue(rv, key(items[limit - 1]))
            meta["remainingItemCount"] = len(items) - limit
            items = items[:limit]
        if TABLE_MEDIA in accept:
            return self._send_json(200, tables.table(resource, items, meta, _one(query, "includeObject") or "Metadata"))
        # A typed list from the real API server carries kind/apiVersion on the
        # list only; its items have neither.
        items = [{k: v for k, v in o.items() if k not in ("kind", "apiVersion")} for o in items]
        api_version = version if not group else "%s/%s" % (group, version)
        return self._send_json(200, {"kind": kind + "List", "apiVersion": api_version, "metadata": meta,
                                     "items": items})

    def send_text(self, data):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
