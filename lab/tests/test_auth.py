"""Every auth mode kubectl supports against the lab, and the failures a
client must be able to tell apart: 401, 403 and a rejected certificate."""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

from labfixture import REPO, shared_lab
from rawclient import Raw

LOGGED_OUT = "error: You must be logged in to the server"


class AuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lab = shared_lab()

    def fresh_kubectl(self, mode, *args):
        """kubectl with an empty discovery cache, so the first request it makes
        is discovery, as on a newcomer's machine."""
        cache = tempfile.mkdtemp()
        try:
            return subprocess.run(["kubectl", "--kubeconfig", self.lab.kubeconfig(mode), "--cache-dir", cache,
                                   "--request-timeout", "10s", *args], capture_output=True, text=True, timeout=20)
        finally:
            shutil.rmtree(cache, ignore_errors=True)

    def test_modes_that_succeed(self):
        for mode in ("token", "cert", "cert-data", "exec", "http", "noforward", "noevents"):
            with self.subTest(mode=mode):
                r = self.fresh_kubectl(mode, "get", "sts", "kafka")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertRegex(r.stdout, r"kafka\s+1/3")

    def test_every_context_of_the_combined_kubeconfig(self):
        r = subprocess.run(["kubectl", "--kubeconfig", self.lab.kubeconfig("lab"), "config", "get-contexts",
                            "-o", "name"], capture_output=True, text=True, timeout=10)
        self.assertEqual(set(r.stdout.split()),
                         {"lab-token", "lab-cert", "lab-cert-data", "lab-exec", "lab-basic", "lab-restricted",
                          "lab-noforward", "lab-noevents", "lab-wrong-token", "lab-http"})
        r = self.lab.kubectl("--context", "lab-exec", "get", "pods", "kafka-0", mode="lab")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_wrong_token_and_basic_auth_are_unauthorized(self):
        for mode in ("wrong-token", "basic"):
            with self.subTest(mode=mode):
                # On discovery kubectl words it one way...
                r = self.fresh_kubectl(mode, "get", "pods")
                self.assertNotEqual(r.returncode, 0)
                self.assertIn(LOGGED_OUT + " (the server has asked for the client to provide credentials)",
                              r.stderr)
                # ...and with discovery cached, on the list itself, another.
                r = self.lab.kubectl("get", "pods", mode=mode)
                self.assertIn(LOGGED_OUT + " (Unauthorized)", r.stderr)

    def test_unauthenticated_request_gets_a_401_status(self):
        status, body = Raw(self.lab, token="").get("/api/v1/namespaces/e-commerce-saga/pods")
        self.assertEqual(status, 401)
        self.assertEqual(body, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                "message": "Unauthorized", "reason": "Unauthorized", "code": 401})

    def test_restricted_user_is_forbidden(self):
        r = self.lab.kubectl("get", "pods", mode="restricted")
        self.assertEqual(r.stderr.strip(),
                         'Error from server (Forbidden): pods is forbidden: User "lab-restricted" cannot list '
                         'resource "pods" in API group "" in the namespace "e-commerce-saga"')
        r = self.lab.kubectl("logs", "kafka-0", mode="restricted")
        self.assertIn('User "lab-restricted" cannot get resource "pods" in API group ""', r.stderr)

    def test_noforward_reads_what_the_operators_read(self):
        for args in (("get", "pods,svc,events,sts,deploy,rs"), ("logs", "kafka-0", "--tail", "1")):
            with self.subTest(args=args):
                r = self.lab.kubectl(*args, mode="noforward")
                self.assertEqual(r.returncode, 0, r.stderr)
        r = self.lab.kubectl("get", "secrets", mode="noforward")
        self.assertIn('secrets is forbidden: User "lab-noforward" cannot list resource "secrets"', r.stderr)

    def test_noevents_reads_all_but_events(self):
        r = self.lab.kubectl("get", "pods,sts,deploy,rs", mode="noevents")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.lab.kubectl("get", "events", mode="noevents")
        self.assertEqual(r.stderr.strip(),
                         'Error from server (Forbidden): events is forbidden: User "lab-noevents" cannot list '
                         'resource "events" in API group "" in the namespace "e-commerce-saga"')

    def test_certificate_from_another_ca_is_rejected(self):
        d = tempfile.mkdtemp()
        try:
            ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1"]
            subprocess.run(["openssl", "req", "-x509", *ec, "-keyout", d + "/ca.key", "-out", d + "/ca.crt",
                            "-subj", "/CN=rogue"], check=True, capture_output=True)
            subprocess.run(["openssl", "req", "-x509", *ec, "-keyout", d + "/c.key", "-out", d + "/c.crt",
                            "-CA", d + "/ca.crt", "-CAkey", d + "/ca.key", "-subj", "/O=lab:operators/CN=mallory"],
                           check=True, capture_output=True)
            r = self.lab.kubectl("--client-certificate", d + "/c.crt", "--client-key", d + "/c.key",
                                 "get", "pods", mode="cert")
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("tls: unknown certificate authority", r.stderr)
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def test_exec_plugin_prints_an_exec_credential(self):
        env = dict(os.environ, LAB_EXEC_TOKEN_FILE=os.path.join(self.lab.dir, "exec-token"))
        r = subprocess.run([os.path.join(REPO, "lab", "exec-credential.py")], env=env, capture_output=True,
                           text=True, timeout=10, check=True)
        cred = json.loads(r.stdout)
        self.assertEqual((cred["kind"], cred["apiVersion"]), ("ExecCredential", "client.authentication.k8s.io/v1"))
        self.assertRegex(cred["status"]["expirationTimestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertTrue(cred["status"]["token"])

    def test_no_secret_in_the_server_log(self):
        self.lab.kubectl("get", "pods")
        with open(os.path.join(self.lab.dir, "apiserver.log")) as f:
            log = f.read()
        for name in ("token", "exec-token", "restricted-token", "noforward-token", "basic-password"):
            with open(os.path.join(self.lab.dir, name)) as f:
                self.assertNotIn(f.read().strip(), log, name)


if __name__ == "__main__":
    unittest.main()
