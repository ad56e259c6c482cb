#!/usr/bin/env python3
"""The lab's MongoDB: MockupDB (MongoDB's own wire-protocol server library) answering as
e-commerce-saga's mongod 6.0 would the commands a monitor sends.

  mongostandin.py --dir DIR [--port N] [--user NAME] [--password-file FILE]

It speaks the handshake (OP_QUERY or OP_MSG `hello`/`isMaster`) and OP_MSG, and answers
`hello`, `isMaster`, `buildInfo`, `serverStatus`, `replSetGetStatus`, `ping`, `endSessions`,
and `saslStart`/`saslContinue` with real SCRAM-SHA-256 (RFC 5802/7677) for one user, NAME
(default `infratop`) in `admin`, whose password is the first line of FILE. With a password
file, `serverStatus` and `replSetGetStatus` need that login, as on a mongod run with --auth
(code 13 Unauthorized otherwise); without one, nothing does. Any other command gets mongod's
`no such command` (code 59, CommandNotFound).

The documents follow the MongoDB manual's sample serverStatus and replSetGetStatus output.
Every serverStatus reply moves the counters on by fixed steps (STEPS), from BASE, so two polls
always see the same deltas; uptime, localTime and optime dates are the real clock's.

DIR/topology (absent: standalone) says what the server is, read on every request:
`standalone`, or `replset`: the primary of rs0, three members, mongodb-2 LAG_SECONDS behind
(`scripts/lab ctl mongo replset` writes it). Once listening, the stand-in writes its pid to
DIR/ready. SIGTERM stops it.
"""

import argparse
import base64
import hashlib
import hmac
import itertools
import os
import signal
import sys
import threading
import time
import weakref

try:
    import bson
    from bson import Int64, ObjectId, Timestamp
    from mockupdb import MockupDB
except ImportError as error:  # scripts/lab checks first; this is for a direct run
    sys.exit("mongostandin.py needs mockupdb and pymongo (pip install mockupdb pymongo): %s" % error)

SET_NAME = "rs0"
HEADLESS = "mongodb-headless.e-commerce-saga.svc.cluster.local:27017"
MEMBERS = ["mongodb-%d.%s" % (i, HEADLESS) for i in range(3)]
LAG_SECONDS = 42
ITERATIONS = 15000  # mongod's default scramSHA256IterationCount
VERSION = "6.0.13"  # scenario.json runs mongo:6.0

# Counters at start and what each serverStatus reply adds.
BASE = {"insert": 1200, "query": 45000, "update": 3300, "delete": 17, "getmore": 900, "command": 260000,
        "bytesIn": 48000000, "bytesOut": 96000000, "numRequests": 300000, "totalCreated": 512}
STEPS = {"insert": 120, "query": 300, "update": 40, "delete": 2, "getmore": 10, "command": 600,
         "bytesIn": 52000, "bytesOut": 310000, "numRequests": 640, "totalCreated": 1}
CONNECTIONS = {"current": 12, "available": 838848, "active": 3}
CACHE = {"maximum": 268435456, "inCache": 150994944, "dirty": 12582912}  # 256 MiB, 144 MiB, 12 MiB
QUEUE = {"readers": 1, "writers": 2}
ACTIVE = {"readers": 4, "writers": 5}
RESIDENT_MIB = 187
AUTH_FAILED = {"ok": 0, "errmsg": "Authentication failed.", "code": 18, "codeName": "AuthenticationFailed"}


def error(code, name, message):
    return {"ok": 0, "errmsg": message, "code": code, "codeName": name}


class Scram:
    """SCRAM-SHA-256's server side for one user, with the credentials mongod would store."""

    def __init__(self, user, password, iterations=ITERATIONS):
        self.user = user
        self.iterations = iterations
        self.salt = os.urandom(28)
        salted = hashlib.pbkdf2_hmac("sha256", password.encode(), self.salt, iterations)
        self.stored_key = hashlib.sha256(self._hmac(salted, b"Client Key")).digest()
        self.server_key = self._hmac(salted, b"Server Key")
        self.conversations = {}
        self.ids = itertools.count(1)

    @staticmethod
    def _hmac(key, message):
        return hmac.new(key, message, hashlib.sha256).digest()

    def names_user(self, payload):
        """Whether a client-first message names this user."""
        bare = bytes(payload).decode("utf-8", "replace").partition(",,")[2]
        fields = dict(part.split("=", 1) for part in bare.split(",") if "=" in part)
        return fields.get("n", "").replace("=2C", ",").replace("=3D", "=") == self.user

    def start(self, database, payload, skip_empty):
        text = bytes(payload).decode("utf-8", "replace")
        if not text.startswith("n,,"):
            return error(17, "ProtocolError", "SCRAM: only the GS2 header n,, is supported")
        bare = text[3:]
        fields = dict(part.split("=", 1) for part in bare.split(",") if "=" in part)
        user = fields.get("n", "").replace("=2C", ",").replace("=3D", "=")
        nonce = fields.get("r", "")
        if database != "admin" or user != self.user or not nonce:
            return dict(AUTH_FAILED)
        server_nonce = nonce + base64.b64encode(os.urandom(24)).decode()
        first = "r=%s,s=%s,i=%d" % (server_nonce, base64.b64encode(self.salt).decode(), self.iterations)
        conversation = next(self.ids)
        self.conversations[conversation] = {"bare": bare, "first": first, "nonce": server_nonce, "step": 1,
                                           "skip": skip_empty}
        return {"conversationId": conversation, "done": False, "payload": bson.Binary(first.encode()), "ok": 1}

    def proceed(self, conversation, payload):
        state = self.conversations.get(conversation)
        if state is None:
            return error(17, "ProtocolError", "No SASL session state found")
        if state["step"] == 2:  # the empty round after the server's signature
            del self.conversations[conversation]
            return {"conversationId": conversation, "done": True, "payload": bson.Binary(b""), "ok": 1}
        text = bytes(payload).decode("utf-8", "replace")
        without_proof, _, proof = text.rpartition(",p=")
        fields = dict(part.split("=", 1) for part in without_proof.split(",") if "=" in part)
        if fields.get("c") != "biws" or fields.get("r") != state["nonce"] or not proof:
            del self.conversations[conversation]
            return dict(AUTH_FAILED)
        auth_message = ",".join([state["bare"], state["first"], without_proof]).encode()
        signature = self._hmac(self.stored_key, auth_message)
        try:
            client_key = bytes(a ^ b for a, b in zip(base64.b64decode(proof), signature))
        except ValueError:
            client_key = b""
        if hashlib.sha256(client_key).digest() != self.stored_key:
            del self.conversations[conversation]
            return dict(AUTH_FAILED)
        verifier = "v=" + base64.b64encode(self._hmac(self.server_key, auth_message)).decode()
        skip_empty = state["skip"]
        if skip_empty:
            del self.conversations[conversation]
        else:
            state["step"] = 2
        return {"conversationId": conversation, "done": bool(skip_empty), "payload": bson.Binary(verifier.encode()), "ok": 1,
                "authenticated": True}


class StandIn:
    def __init__(self, directory, scram):
        self.directory = directory
        self.scram = scram
        self.started = time.time()
        self.polls = 0
        self.lock = threading.Lock()
        self.logged_in = weakref.WeakKeyDictionary()  # client socket -> user, while it is open
        self.connection_ids = weakref.WeakKeyDictionary()
        self.next_connection = itertools.count(1)
        self.process_id = ObjectId()
        self.election_id = ObjectId()

    def topology(self):
        try:
            with open(os.path.join(self.directory, "topology")) as f:
                return "replset" if f.read().strip() == "replset" else "standalone"
        except OSError:
            return "standalone"

    @staticmethod
    def now():
        return time.time()

    # -- commands ---------------------------------------------------------------------------

    def hello(self, legacy, request_doc, client):
        replset = self.topology() == "replset"
        now = self.now()
        reply = {}
        if legacy:
            reply["ismaster"] = True
        else:
            reply["isWritablePrimary"] = True
        if request_doc.get("helloOk"):
            reply["helloOk"] = True
        if replset:
            seconds = int(now)
            reply.update({
                "hosts": MEMBERS, "setName": SET_NAME, "setVersion": 1, "secondary": False,
                "primary": MEMBERS[0], "me": MEMBERS[0], "electionId": self.election_id,
                "lastWrite": {"opTime": {"ts": Timestamp(seconds, 1), "t": Int64(3)},
                              "lastWriteDate": self._date(seconds),
                              "majorityOpTime": {"ts": Timestamp(seconds, 1), "t": Int64(3)},
                              "majorityWriteDate": self._date(seconds)},
            })
        with self.lock:
            connection = self.connection_ids.setdefault(client, next(self.next_connection))
        reply.update({
            "maxBsonObjectSize": 16777216, "maxMessageSizeBytes": 48000000, "maxWriteBatchSize": 100000,
            "localTime": self._date(now), "logicalSessionTimeoutMinutes": 30, "connectionId": connection,
            "minWireVersion": 0, "maxWireVersion": 17, "readOnly": False,
        })
        mechanisms_for = request_doc.get("saslSupportedMechs")
        if self.scram and mechanisms_for == "admin.%s" % self.scram.user:
            reply["saslSupportedMechs"] = ["SCRAM-SHA-256"]
        reply["ok"] = 1.0
        return reply

    def build_info(self):
        return {
            "version": VERSION, "gitVersion": "3b7f8fe8cac0d1a7cd1df8b1f1d5b2f2d8d3a3f4", "modules": [],
            "allocator": "tcmalloc", "javascriptEngine": "mozjs", "sysInfo": "deprecated",
            "versionArray": [6, 0, 13, 0],
            "openssl": {"running": "OpenSSL 3.0.2 15 Mar 2022", "compiled": "OpenSSL 3.0.2 15 Mar 2022"},
            "buildEnvironment": {"distmod": "ubuntu2204", "distarch": "x86_64", "target_arch": "x86_64", "target_os": "linux"},
            "bits": 64, "debug": False, "maxBsonObjectSize": 16777216,
            "storageEngines": ["devnull", "ephemeralForTest", "wiredTiger"], "ok": 1.0,
        }

    def counters(self):
        with self.lock:
            self.polls += 1
            n = self.polls
        return {name: Int64(BASE[name] + STEPS[name] * n) for name in BASE}

    def server_status(self):
        now = self.now()
        uptime = now - self.started
        c = self.counters()
        status = {
            "host": "mongodb-0", "version": VERSION, "process": "mongod", "pid": Int64(os.getpid()),
            "uptime": float(int(uptime)), "uptimeMillis": Int64(int(uptime * 1000)), "uptimeEstimate": Int64(int(uptime)),
            "localTime": self._date(now),
            "asserts": {"regular": 0, "warning": 0, "msg": 0, "user": 6, "tripwire": 0, "rollovers": 0},
            "connections": {"current": CONNECTIONS["current"], "available": CONNECTIONS["available"],
                            "totalCreated": c["totalCreated"], "active": CONNECTIONS["active"], "threaded": CONNECTIONS["current"],
                            "exhaustIsMaster": Int64(0), "exhaustHello": Int64(1), "awaitingTopologyChanges": Int64(1)},
            "globalLock": {"totalTime": Int64(int(uptime * 1e6)),
                           "currentQueue": {"total": QUEUE["readers"] + QUEUE["writers"], "readers": QUEUE["readers"], "writers": QUEUE["writers"]},
                           "activeClients": {"total": ACTIVE["readers"] + ACTIVE["writers"], "readers": ACTIVE["readers"], "writers": ACTIVE["writers"]}},
            "mem": {"bits": 64, "resident": RESIDENT_MIB, "virtual": 1540, "supported": True},
            "network": {"bytesIn": c["bytesIn"], "bytesOut": c["bytesOut"], "physicalBytesIn": c["bytesIn"],
                        "physicalBytesOut": c["bytesOut"], "numSlowDNSOperations": Int64(0),
                        "numSlowSSLOperations": Int64(0), "numRequests": c["numRequests"]},
            "opcounters": {name: c[name] for name in ("insert", "query", "update", "delete", "getmore", "command")},
            "opcountersRepl": {name: Int64(0) for name in ("insert", "query", "update", "delete", "getmore", "command")},
            "storageEngine": {"name": "wiredTiger", "supportsCommittedReads": True, "persistent": True},
            "wiredTiger": {
                "uri": "statistics:",
                "cache": {
                    "bytes currently in the cache": Int64(CACHE["inCache"]),
                    "maximum bytes configured": Int64(CACHE["maximum"]),
                    "tracked dirty bytes in the cache": Int64(CACHE["dirty"]),
                    "bytes read into cache": Int64(905969664),
                    "bytes written from cache": Int64(1258291200),
                    "pages evicted by application threads": Int64(0),
                    "pages read into cache": Int64(41000),
                    "pages written from cache": Int64(52000),
                },
                "concurrentTransactions": {"write": {"out": 0, "available": 128, "totalTickets": 128},
                                           "read": {"out": 1, "available": 127, "totalTickets": 128}},
            },
            "ok": 1.0,
        }
        if self.topology() == "replset":
            seconds = int(now)
            status["repl"] = {
                "hosts": MEMBERS, "setName": SET_NAME, "setVersion": 1, "isWritablePrimary": True, "secondary": False,
                "primary": MEMBERS[0], "me": MEMBERS[0], "electionId": self.election_id,
                "lastWrite": {"opTime": {"ts": Timestamp(seconds, 1), "t": Int64(3)}, "lastWriteDate": self._date(seconds)},
                "rbid": 1,
            }
        return status

    def repl_set_get_status(self):
        if self.topology() != "replset":
            return error(76, "NoReplicationEnabled", "not running with --replSet")
        now = self.now()
        seconds = int(now)
        uptime = int(now - self.started)

        def member(index, state, state_str, behind, **extra):
            optime = {"ts": Timestamp(seconds - behind, 1), "t": Int64(3)}
            doc = {"_id": index, "name": MEMBERS[index], "health": 1.0, "state": state, "stateStr": state_str,
                   "uptime": uptime, "optime": optime, "optimeDate": self._date(seconds - behind),
                   "lastAppliedWallTime": self._date(seconds - behind), "lastDurableWallTime": self._date(seconds - behind),
                   "syncSourceHost": "" if index == 0 else MEMBERS[0], "syncSourceId": -1 if index == 0 else 0,
                   "infoMessage": "", "configVersion": 1, "configTerm": 3}
            doc.update(extra)
            return doc

        return {
            "set": SET_NAME, "date": self._date(now), "myState": 1, "term": Int64(3),
            "syncSourceHost": "", "syncSourceId": -1, "heartbeatIntervalMillis": Int64(2000),
            "majorityVoteCount": 2, "writeMajorityCount": 2, "votingMembersCount": 3, "writableVotingMembersCount": 3,
            "optimes": {"lastCommittedOpTime": {"ts": Timestamp(seconds, 1), "t": Int64(3)},
                        "lastCommittedWallTime": self._date(seconds),
                        "appliedOpTime": {"ts": Timestamp(seconds, 1), "t": Int64(3)},
                        "durableOpTime": {"ts": Timestamp(seconds, 1), "t": Int64(3)}},
            "members": [
                member(0, 1, "PRIMARY", 0, self=True, electionTime=Timestamp(int(self.started), 1),
                       electionDate=self._date(int(self.started))),
                member(1, 2, "SECONDARY", 0, lastHeartbeat=self._date(now), lastHeartbeatRecv=self._date(now), pingMs=Int64(0)),
                member(2, 2, "SECONDARY", LAG_SECONDS, lastHeartbeat=self._date(now), lastHeartbeatRecv=self._date(now),
                       pingMs=Int64(1)),
            ],
            "ok": 1.0,
        }

    @staticmethod
    def _date(seconds):
        # bson encodes an aware datetime as a BSON date; milliseconds, as mongod keeps them.
        import datetime
        return datetime.datetime.fromtimestamp(round(seconds, 3), datetime.timezone.utc)

    # -- dispatch ---------------------------------------------------------------------------

    UNAUTHENTICATED = {"hello", "ismaster", "buildinfo", "ping", "saslstart", "saslcontinue", "endsessions"}

    def handle(self, request):
        doc = request.doc
        name = request.command_name or ""
        key = name.lower()
        client = request._client
        database = request.namespace.split(".")[0] if request.namespace else "admin"
        if self.scram and key not in self.UNAUTHENTICATED and client not in self.logged_in:
            return request.replies(error(13, "Unauthorized", "command %s requires authentication" % name))
        if key in ("hello", "ismaster"):
            reply = self.hello(key == "ismaster", doc, client)
        elif key == "buildinfo":
            reply = self.build_info()
        elif key == "serverstatus":
            reply = self.server_status()
        elif key == "replsetgetstatus":
            reply = self.repl_set_get_status()
        elif key in ("ping", "endsessions"):
            reply = {"ok": 1.0}
        elif key == "saslstart" and self.scram:
            mechanism = doc.get("mechanism")
            if mechanism == "SCRAM-SHA-1":
                # The user has SCRAM-SHA-256 credentials only; someone unknown fails as with any mechanism.
                if self.scram.names_user(doc.get("payload", b"")):
                    reply = error(334, "MechanismUnavailable", "Unable to use SCRAM-SHA-1 based authentication for user "
                                  "without any SCRAM-SHA-1 credentials registered")
                else:
                    reply = dict(AUTH_FAILED)
            elif mechanism != "SCRAM-SHA-256":
                reply = error(334, "MechanismUnavailable", "Received authentication for mechanism %s which is not enabled"
                              % mechanism)
            else:
                skip = bool((doc.get("options") or {}).get("skipEmptyExchange"))
                reply = self.scram.start(database, doc.get("payload", b""), skip)
        elif key == "saslcontinue" and self.scram:
            reply = self.scram.proceed(doc.get("conversationId"), doc.get("payload", b""))
            if reply.pop("authenticated", False):
                with self.lock:
                    self.logged_in[client] = self.scram.user
        else:
            reply = error(59, "CommandNotFound", "no such command: '%s'" % name)
        return request.replies(reply)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user", default="infratop")
    parser.add_argument("--password-file")
    args = parser.parse_args(argv[1:])
    directory = os.path.abspath(args.dir)
    os.makedirs(directory, exist_ok=True)

    scram = None
    if args.password_file:
        with open(args.password_file) as f:
            password = f.readline().rstrip("\r\n")
        scram = Scram(args.user, password)
        del password

    standin = StandIn(directory, scram)
    server = MockupDB(port=args.port or None, request_timeout=int(1e6))
    server.autoresponds(standin.handle)
    port = server.run()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    ready = os.path.join(directory, "ready")
    with open(ready + ".tmp", "w") as f:
        f.write("%d %d\n" % (os.getpid(), port))
    os.replace(ready + ".tmp", ready)
    print("%s mongodb stand-in pid %d listening on 127.0.0.1:%d (%s, auth %s)"
          % (time.strftime("%H:%M:%S"), os.getpid(), port, standin.topology(), "on" if scram else "off"), flush=True)
    while not stop.wait(1):
        pass
    server.stop()
    try:
        os.unlink(ready)
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
