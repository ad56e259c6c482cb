"""The lab's MongoDB stand-in (lab/mongostandin.py), checked with pymongo, a driver we did not
write: it must answer the handshake, the monitoring commands and SCRAM-SHA-256 as a mongod
6.0 would."""

import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from .labfixture import REPO, shared_lab

try:
    import mockupdb  # noqa: F401  (the stand-in's own import; checked here to skip cleanly)
    import pymongo
    from pymongo.errors import OperationFailure
    HAVE_MONGO = True
except ImportError:
    HAVE_MONGO = False

NO_MONGO = "the MongoDB stand-in needs PyPI's mockupdb and pymongo (pip install mockupdb pymongo)"
STANDIN = os.path.join(REPO, "lab", "mongostandin.py")
PASSWORD = "lab-%s" % os.urandom(9).hex()


class StandIn:
    """One stand-in of the test's own, on a free port, stopped by PID."""

    def __init__(self, password=PASSWORD):
        self.dir = tempfile.mkdtemp(prefix="infratop-mongo-")
        self.password_file = os.path.join(self.dir, "password")
        with open(self.password_file, "w") as f:
            f.write(password + "\n")
        self.log = open(os.path.join(self.dir, "standin.log"), "w")
        self.proc = subprocess.Popen([sys.executable, "-B", STANDIN, "--dir", self.dir, "--password-file", self.password_file],
                                     stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)
        ready = os.path.join(self.dir, "ready")
        deadline = time.time() + 20
        while not os.path.exists(ready):
            if time.time() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("the MongoDB stand-in did not start")
            time.sleep(0.05)
        with open(ready) as f:
            self.port = int(f.read().split()[1])

    def topology(self, name):
        with open(os.path.join(self.dir, "topology"), "w") as f:
            f.write(name + "\n")

    def client(self, **kw):
        options = dict(directConnection=True, serverSelectionTimeoutMS=5000, connectTimeoutMS=5000)
        options.update(kw)
        client = pymongo.MongoClient("127.0.0.1", self.port, **options)
        return client

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


@unittest.skipUnless(HAVE_MONGO, NO_MONGO)
class MongoStandInTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.standin = StandIn()

    @classmethod
    def tearDownClass(cls):
        cls.standin.stop()

    def client(self, **kw):
        client = self.standin.client(**kw)
        self.addCleanup(client.close)
        return client

    def logged_in(self, **kw):
        return self.client(username="infratop", password=PASSWORD, authSource="admin", **kw)

    def setUp(self):
        self.standin.topology("standalone")

    def test_hello_as_a_standalone_mongod_6(self):
        hello = self.client().admin.command("hello")
        self.assertIs(hello["isWritablePrimary"], True)
        self.assertNotIn("setName", hello)
        self.assertEqual((hello["minWireVersion"], hello["maxWireVersion"]), (0, 17))
        self.assertEqual(hello["maxBsonObjectSize"], 16777216)
        self.assertEqual(hello["maxMessageSizeBytes"], 48000000)
        self.assertIsInstance(hello["localTime"], datetime.datetime)
        self.assertEqual(hello["ok"], 1.0)
        legacy = self.client().admin.command("isMaster")
        self.assertIs(legacy["ismaster"], True)
        self.assertNotIn("isWritablePrimary", legacy)

    def test_build_info_and_ping_need_no_login(self):
        client = self.client()
        self.assertEqual(client.admin.command("buildInfo")["version"], "6.0.13")
        self.assertEqual(client.admin.command("buildInfo")["versionArray"], [6, 0, 13, 0])
        self.assertEqual(client.admin.command("ping"), {"ok": 1.0})

    def test_server_status_needs_a_login(self):
        with self.assertRaises(OperationFailure) as caught:
            self.client().admin.command("serverStatus")
        self.assertEqual(caught.exception.code, 13)
        self.assertEqual(caught.exception.details["codeName"], "Unauthorized")
        self.assertEqual(caught.exception.details["errmsg"], "command serverStatus requires authentication")

    def test_scram_sha_256_login_with_the_right_password(self):
        for mechanism in ("SCRAM-SHA-256", None):  # explicit, and negotiated through saslSupportedMechs
            kw = {"authMechanism": mechanism} if mechanism else {}
            status = self.logged_in(**kw).admin.command("serverStatus")
            self.assertEqual(status["ok"], 1.0)
        hello = self.client().admin.command("hello", saslSupportedMechs="admin.infratop")
        self.assertEqual(hello["saslSupportedMechs"], ["SCRAM-SHA-256"])

    def test_a_wrong_password_is_authentication_failed(self):
        client = self.client(username="infratop", password="not-" + PASSWORD, authSource="admin")
        with self.assertRaises(OperationFailure) as caught:
            client.admin.command("serverStatus")
        self.assertEqual(caught.exception.code, 18)
        self.assertEqual(caught.exception.details["codeName"], "AuthenticationFailed")
        self.assertEqual(caught.exception.details["errmsg"], "Authentication failed.")
        unknown = self.client(username="nobody", password=PASSWORD, authSource="admin")
        with self.assertRaises(OperationFailure) as caught:
            unknown.admin.command("serverStatus")
        self.assertEqual(caught.exception.code, 18)

    def test_server_status_has_the_manuals_sections_and_counters_that_advance(self):
        client = self.logged_in()
        first = client.admin.command("serverStatus")
        second = client.admin.command("serverStatus")
        self.assertEqual((first["host"], first["version"], first["process"]), ("mongodb-0", "6.0.13", "mongod"))
        self.assertEqual({k: first["connections"][k] for k in ("current", "available")}, {"current": 12, "available": 838848})
        self.assertEqual(first["mem"]["resident"], 187)
        self.assertEqual(first["globalLock"]["currentQueue"], {"total": 3, "readers": 1, "writers": 2})
        self.assertEqual(first["globalLock"]["activeClients"], {"total": 9, "readers": 4, "writers": 5})
        cache = first["wiredTiger"]["cache"]
        self.assertEqual(cache["maximum bytes configured"], 268435456)
        self.assertEqual(cache["bytes currently in the cache"], 150994944)
        self.assertEqual(cache["tracked dirty bytes in the cache"], 12582912)
        steps = {"insert": 120, "query": 300, "update": 40, "delete": 2, "getmore": 10, "command": 600}
        for name, step in steps.items():
            self.assertEqual(second["opcounters"][name] - first["opcounters"][name], step, name)
            self.assertIsInstance(first["opcounters"][name], int)
        self.assertEqual(second["network"]["bytesIn"] - first["network"]["bytesIn"], 52000)
        self.assertEqual(second["network"]["bytesOut"] - first["network"]["bytesOut"], 310000)
        self.assertGreaterEqual(second["localTime"], first["localTime"])
        self.assertGreaterEqual(second["uptime"], first["uptime"])
        self.assertNotIn("repl", first)

    def test_repl_set_get_status_in_both_modes(self):
        client = self.logged_in()
        with self.assertRaises(OperationFailure) as caught:
            client.admin.command("replSetGetStatus")
        self.assertEqual(caught.exception.code, 76)
        self.assertEqual(caught.exception.details["codeName"], "NoReplicationEnabled")

        self.standin.topology("replset")
        hello = client.admin.command("hello")
        self.assertEqual(hello["setName"], "rs0")
        self.assertIs(hello["isWritablePrimary"], True)
        self.assertEqual(len(hello["hosts"]), 3)
        self.assertEqual(hello["primary"], hello["me"])
        status = client.admin.command("replSetGetStatus")
        self.assertEqual(status["set"], "rs0")
        members = status["members"]
        self.assertEqual([m["stateStr"] for m in members], ["PRIMARY", "SECONDARY", "SECONDARY"])
        self.assertEqual([m["name"].split(".")[0] for m in members], ["mongodb-0", "mongodb-1", "mongodb-2"])
        self.assertEqual([m["health"] for m in members], [1.0, 1.0, 1.0])
        self.assertIs(members[0]["self"], True)
        primary = members[0]["optimeDate"]
        self.assertEqual([(primary - m["optimeDate"]).total_seconds() for m in members], [0, 0, 42])
        self.assertEqual(members[2]["optime"]["ts"].time, members[0]["optime"]["ts"].time - 42)
        self.assertEqual(client.admin.command("serverStatus")["repl"]["setName"], "rs0")

        self.standin.topology("standalone")
        self.assertNotIn("setName", client.admin.command("hello"))

    def test_unknown_commands_fail_as_on_mongod(self):
        with self.assertRaises(OperationFailure) as caught:
            self.logged_in().admin.command("frobnicate")
        self.assertEqual(caught.exception.details,
                         {"ok": 0, "errmsg": "no such command: 'frobnicate'", "code": 59, "codeName": "CommandNotFound"})

    def test_the_password_is_never_in_its_log(self):
        self.logged_in().admin.command("serverStatus")
        with open(os.path.join(self.standin.dir, "standin.log")) as f:
            log = f.read()
        self.assertIn("listening on 127.0.0.1:%d" % self.standin.port, log)
        self.assertNotIn(PASSWORD, log)


@unittest.skipUnless(HAVE_MONGO, NO_MONGO)
class MongoLabTest(unittest.TestCase):
    """The stand-in as `scripts/lab up` runs it, switched by `scripts/lab ctl mongo ...`."""

    @classmethod
    def setUpClass(cls):
        cls.lab = shared_lab()

    def client(self):
        with open(os.path.join(self.lab.dir, "mongodb", "port")) as f:
            port = int(f.read())
        with open(os.path.join(self.lab.dir, "mongodb-password")) as f:
            password = f.read().strip()
        client = pymongo.MongoClient("127.0.0.1", port, directConnection=True, username="infratop", password=password,
                                     serverSelectionTimeoutMS=5000)
        self.addCleanup(client.close)
        return client

    def test_ctl_switches_between_standalone_and_replica_set(self):
        self.addCleanup(self.lab.script, "ctl", "mongo", "standalone")
        client = self.client()
        self.assertNotIn("setName", client.admin.command("hello"))
        result = self.lab.script("ctl", "mongo", "replset")
        self.assertEqual(json.loads(result.stdout)["mongodb"], "replset")
        self.assertEqual(client.admin.command("hello")["setName"], "rs0")
        self.assertEqual(len(client.admin.command("replSetGetStatus")["members"]), 3)
        self.assertIn("lab MongoDB stand-in running", self.lab.script("status").stdout)
        self.assertIn("(replset;", self.lab.script("status").stdout)
        self.lab.script("ctl", "mongo", "standalone")
        self.assertNotIn("setName", client.admin.command("hello"))


if __name__ == "__main__":
    unittest.main()
