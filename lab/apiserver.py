#!/usr/bin/env python3
"""infratop lab: a read-only Kubernetes API stand-in on loopback.

Serves HTTPS (token, client-certificate and exec-plugin auth), the same API
over plain HTTP for debugging, and a control channel for tests. Started by
scripts/lab; writes the ports it bound to <run-dir>/ports.json.
"""

import argparse
import json
import os
import signal
import socket
import ssl
import sys
import threading
import time
from http.server import ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from k8slab.api import ApiHandler, Lab  # noqa: E402
from k8slab.auth import Authenticator, User, read_rule  # noqa: E402
from k8slab.changes import Changes  # noqa: E402
from k8slab.churn import Churn  # noqa: E402
from k8slab.control import ControlHandler  # noqa: E402
from k8slab.portforward import Backends  # noqa: E402
from k8slab.scenario import Scenario  # noqa: E402
from k8slab.store import Store  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# Who may do what, as RBAC bindings: operators read the namespace and may open
# port-forwards to its pods; "readers" (the noforward kubeconfig) read the same
# but may not port-forward; "partial" readers (the noevents kubeconfig) read
# everything but events, as a Role written without them; nobody writes; the
# "restricted" identity matches no binding, so clients can be tested against 403.
# Operators and readers also hold a ClusterRole through a ClusterRoleBinding
# (namespaces "*"): get, list and watch nodes, and pods in every namespace, so
# `kubectl describe node` can sum what each node's pods request. The partial
# readers have only their Role: nodes and cluster-wide pod lists are 403.
READABLE = ["pods", "pods/log", "events", "services", "statefulsets", "deployments", "replicasets"]
NAMESPACE = {"namespaces": ["e-commerce-saga"]}
NODE_READER = {"namespaces": ["*"], "rules": [read_rule(["nodes", "pods"])]}
POLICY = {
    "group:lab:operators": [
        dict(NAMESPACE, rules=[read_rule(READABLE), {"verbs": ["create"], "resources": ["pods/portforward"]}]),
        NODE_READER,
    ],
    "group:lab:readers": [dict(NAMESPACE, rules=[read_rule(READABLE)]), NODE_READER],
    "group:lab:partial": [dict(NAMESPACE, rules=[read_rule([r for r in READABLE if r != "events"])])],
}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address, handler, log_file, tls=None):
        self.tls = tls
        self.log_file = log_file
        super().__init__(address, handler)

    def get_request(self):
        sock, addr = super().get_request()
        # Headers and body go out as separate writes; without NODELAY, Nagle
        # and delayed ACKs add ~40 ms to every response.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.tls is not None:
            # Handshake later, in the request thread, so one slow client
            # cannot stall accept().
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ssl.SSLError, ConnectionError, TimeoutError)):
            self.log_file.write("%s connection from %s:%d ended: %s\n" % (
                time.strftime("%H:%M:%S"), client_address[0], client_address[1], exc.__class__.__name__))
            self.log_file.flush()
            return
        super().handle_error(request, client_address)


def bind(handler, log_file, preferred, tls=None):
    """Reuse last run's port when free, so kubeconfigs survive a restart."""
    for port in ([preferred] if preferred else []) + [0]:
        try:
            return Server(("127.0.0.1", port), handler, log_file, tls)
        except OSError:
            continue
    raise SystemExit("Could not bind a loopback port.")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--run-dir", required=True, help="where certificates, tokens and ports.json live")
    ap.add_argument("--scenario", default=os.path.join(HERE, "scenario.json"))
    ap.add_argument("--history-window", type=int, default=200,
                    help="changes kept for watches; older resourceVersions get 410 Gone")
    ap.add_argument("--bookmark-interval", type=float,
                    default=float(os.environ.get("INFRATOP_LAB_BOOKMARK_INTERVAL", "5")),
                    help="seconds between BOOKMARK events on watches that allow them")
    ap.add_argument("--pods", "--extra-pods", dest="pods", type=int, metavar="N",
                    default=int(os.environ.get("INFRATOP_LAB_EXTRA_PODS", "0")),
                    help="add N ready filler pods: a healthy catalog-service Deployment and its ReplicaSet "
                         "(load tests; default $INFRATOP_LAB_EXTRA_PODS, else 0)")
    ap.add_argument("--no-tick", action="store_true",
                    help="freeze the scenario: no crash-loop restarts or scheduler retries on their own")
    args = ap.parse_args()

    run = os.path.abspath(args.run_dir)
    previous = {}
    try:
        with open(os.path.join(run, "ports.json")) as f:
            previous = json.load(f)
    except (OSError, ValueError):
        pass
    log_file = sys.stderr

    store = Store(window=args.history_window)
    scenario = Scenario(store, args.scenario, extra_pods=args.pods)
    auth = Authenticator(os.path.join(run, "tokens.csv"), POLICY)
    lab = Lab(store, scenario, auth, bookmark_interval=args.bookmark_interval)
    lab.backends = Backends(run)
    changes = Changes(scenario)
    churn = Churn(scenario)

    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.minimum_version = ssl.TLSVersion.TLSv1_2
    tls.load_cert_chain(os.path.join(run, "server.crt"), os.path.join(run, "server.key"))
    tls.load_verify_locations(os.path.join(run, "ca.crt"))
    # Like kube-apiserver: a client certificate is optional, but if one is
    # presented it must chain to the CA.
    tls.verify_mode = ssl.CERT_OPTIONAL

    handler = type("LabApiHandler", (ApiHandler,), {"lab": lab})
    plain = type("LabPlainApiHandler", (ApiHandler,), {
        "lab": lab, "plain_identity": User("system:unsecured", ["lab:operators", "system:authenticated"])})
    https = bind(handler, log_file, previous.get("https"), tls)
    http = bind(plain, log_file, previous.get("http"))
    info = {"https": https.server_address[1], "http": http.server_address[1]}
    control_handler = type("LabControlHandler", (ControlHandler,),
                           {"lab": lab, "changes": changes, "churn": churn, "info": info})
    control = bind(control_handler, log_file, previous.get("control"))
    info["control"] = control.server_address[1]
    info["pid"] = os.getpid()
    lab.address = "127.0.0.1:%d" % info["https"]

    for srv in (https, http, control):
        threading.Thread(target=srv.serve_forever, daemon=True).start()

    def ticker():
        while not store.closed:
            time.sleep(1.0)
            try:
                changes.tick()
            except Exception as e:  # a scenario bug must not kill the server
                log_file.write("tick failed: %r\n" % e)

    if not args.no_tick:
        threading.Thread(target=ticker, daemon=True).start()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    tmp = os.path.join(run, "ports.json.tmp")
    with open(tmp, "w") as f:
        json.dump(info, f)
    os.replace(tmp, os.path.join(run, "ports.json"))
    log_file.write("lab API on https://127.0.0.1:%d and http://127.0.0.1:%d, control on http://127.0.0.1:%d\n"
                   % (info["https"], info["http"], info["control"]))
    log_file.flush()

    stop.wait()
    store.close()  # ends watches and log follows cleanly
    lab.portforwards.close_all()  # close frame 1001 on every tunnel
    for srv in (https, http, control):
        srv.shutdown()
        srv.server_close()


if __name__ == "__main__":
    main()
