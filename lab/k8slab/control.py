"""The lab's control channel: a separate loopback port, never named in any
kubeconfig, through which tests change the scenario and disturb clients."""

import json
import os
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler

from .changes import NoSuchPod
from .churn import NoFillerPods


class ControlHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "infratop-lab-control"
    lab = None
    changes = None
    churn = None
    info = None  # ports and paths, for /lab/status

    def log_message(self, fmt, *args):
        self.server.log_file.write("%s control %s\n" % (time.strftime("%H:%M:%S"), fmt % args))
        self.server.log_file.flush()

    def _reply(self, code, body):
        data = json.dumps(body, indent=1).encode() + b"\n"
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.rstrip("/") == "/lab/portforward/stats":
            return self._reply(200, self.lab.portforwards.stats())
        if self.path.rstrip("/") == "/lab/churn":
            return self._reply(200, self.churn.stats())
        if self.path.rstrip("/") == "/lab/status":
            store = self.lab.store
            with store.cond:
                body = {
                    "resourceVersion": store.rv,
                    "compactedResourceVersion": store.compacted_rv,
                    "historyLength": len(store.history),
                    "openStreams": self.lab.open_streams,
                    "portForwards": self.lab.portforwards.stats(),
                    "paused": self.lab.scenario.paused,
                    "uptimeSeconds": int(time.time() - self.lab.scenario.start),
                    "fillerPods": len(self.lab.scenario.filler["pods"]),
                }
            body["churn"] = self.churn.stats()
            body.update(self.info or {})
            return self._reply(200, body)
        self._reply(404, {"error": "Unknown control path %s; see lab/README.md for the control API." % self.path})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        parts = [p for p in self.path.split("?")[0].split("/") if p]
        query = urllib.parse.parse_qs(self.path.partition("?")[2], keep_blank_values=True,
                                      encoding="utf-8", errors="surrogateescape")
        store, sc, ch = self.lab.store, self.lab.scenario, self.changes
        try:
            if parts[:2] == ["lab", "pods"] and len(parts) == 4:
                name, action = parts[2], parts[3]
                actions = {"run": ch.run, "crash": ch.crash, "delete": ch.delete}
                container = query.get("container", [None])[0]
                if action == "say":
                    ch.say(name, query.get("text", [""])[0], container)
                elif action == "flood":
                    ch.flood(name, float(query.get("rate", ["0"])[0]), container)
                elif action not in actions:
                    return self._reply(404, {"error": "Unknown pod action %r; use run, crash, delete, say or flood." % action})
                else:
                    actions[action](name)
                return self._reply(200, {"ok": True, "resourceVersion": store.rv})
            if parts[:2] == ["lab", "churn"] and len(parts) in (3, 4):
                # churn/R or churn/R/KIND (also ?kind=KIND): R pod status updates a second.
                kind = parts[3] if len(parts) == 4 else query.get("kind", [None])[0]
                try:
                    stats = self.churn.set(parts[2], kind)
                except ValueError as e:
                    return self._reply(400, {"error": str(e)})
                except NoFillerPods as e:
                    return self._reply(409, {"error": str(e)})
                return self._reply(200, dict(stats, ok=True, resourceVersion=store.rv))
            action = "/".join(parts[1:]) if parts[:1] == ["lab"] else ""
            if action in ("mongo/replset", "mongo/standalone"):
                # lab/mongostandin.py reads this file on every request.
                topology = action.split("/")[1]
                directory = os.path.join(self.lab.backends.run, "mongodb")
                os.makedirs(directory, exist_ok=True)
                path = os.path.join(directory, "topology")
                with open(path + ".tmp", "w") as f:
                    f.write(topology + "\n")
                os.replace(path + ".tmp", path)
                return self._reply(200, {"ok": True, "mongodb": topology, "resourceVersion": store.rv})
            if action == "portforward/drop":
                # Outside the store's lock: each tunnel closes on its own thread.
                dropped = self.lab.portforwards.drop_all()
                return self._reply(200, {"ok": True, "dropped": dropped, "resourceVersion": store.rv})
            if action in ("portforward/stall", "portforward/resume"):
                open_now = self.lab.portforwards.stall(action == "portforward/stall")
                return self._reply(200, {"ok": True, "open": open_now, "resourceVersion": store.rv})
            if action == "watches/drop":
                store.drop_streams()
            elif action == "history/compact":
                store.compact()
            elif action == "pause":
                sc.pause()
            elif action == "resume":
                sc.resume()
            elif action == "tick":
                ch.tick()
            else:
                return self._reply(404, {"error": "Unknown control path %s; see lab/README.md." % self.path})
            return self._reply(200, {"ok": True, "resourceVersion": store.rv})
        except NoSuchPod as e:
            return self._reply(404, {"error": str(e)})
