"""Nodes and cluster-wide pod lists, as kubectl reads them: `kubectl get nodes`,
`kubectl describe node` (whose "Allocated resources" sums the requests of the
pods it lists with fieldSelector spec.nodeName=...), field selectors, and RBAC
at the cluster scope. The scenario's story must be true in numbers: no node has
kafka-1's 3Gi of memory left."""

import json
import os
import re
import unittest
import urllib.parse

from labfixture import NS, REPO, Lines, shared_lab
from rawclient import Raw, events

try:
    from kubernetes import client as k8s_client, config as k8s_config
except ImportError:
    k8s_client = None

NODES = ["saga-worker-1", "saga-worker-2", "saga-worker-3"]
KAFKA_1_REQUEST = 3 << 30

_BINARY = {"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40}
_DECIMAL = {"k": 10 ** 3, "M": 10 ** 6, "G": 10 ** 9, "T": 10 ** 12}


def quantity(text):
    """Bytes of a resource.Quantity as the API and kubectl write memory."""
    text = text.strip()
    for suffixes in (_BINARY, _DECIMAL):
        for suffix, factor in suffixes.items():
            if text.endswith(suffix):
                return int(float(text[:-len(suffix)]) * factor)
    return int(float(text))


def memory_requested(pod):
    return sum(quantity(c.get("resources", {}).get("requests", {}).get("memory", "0"))
               for c in pod["spec"]["containers"])


def scenario():
    with open(os.path.join(REPO, "lab", "scenario.json")) as f:
        return json.load(f)


def selector(text):
    return urllib.parse.quote(text, safe="")


class NodesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lab = shared_lab()
        cls.raw = Raw(cls.lab)

    def get(self, *args, **kw):
        r = self.lab.kubectl(*args, **kw)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def all_pods(self):
        status, body = self.raw.get("/api/v1/pods")
        self.assertEqual(status, 200, body)
        return body["items"]

    def test_get_nodes_lists_the_three(self):
        out = self.get("get", "nodes")
        lines = [line.split() for line in out.strip().splitlines()]
        self.assertEqual(lines[0], ["NAME", "STATUS", "ROLES", "AGE", "VERSION"])
        self.assertEqual([r[0] for r in lines[1:]], NODES)
        for r in lines[1:]:
            self.assertEqual((r[1], r[2], r[4]), ("Ready", "<none>", "v1.32.4"))
        wide = {r[0]: r for r in (line.split() for line in self.get("get", "nodes", "-o", "wide").splitlines()[1:])}
        for n in scenario()["nodes"]:
            self.assertEqual(wide[n["name"]][5:7], [n["ip"], "<none>"])
        self.assertEqual(self.get("get", "no", "saga-worker-2", "-o", "name").strip(), "node/saga-worker-2")

    def test_node_as_the_kubelet_registers_it(self):
        plan = {n["name"]: n for n in scenario()["nodes"]}
        for name in NODES:
            with self.subTest(node=name):
                node = json.loads(self.get("get", "node", name, "-o", "json"))
                self.assertEqual((node["kind"], node["apiVersion"]), ("Node", "v1"))
                meta = node["metadata"]
                self.assertNotIn("namespace", meta)
                self.assertRegex(meta["uid"], r"^[0-9a-f-]{36}$")
                self.assertRegex(meta["creationTimestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
                self.assertTrue(meta["resourceVersion"].isdigit())
                labels = meta["labels"]
                self.assertEqual(labels["kubernetes.io/hostname"], name)
                self.assertEqual(labels["kubernetes.io/os"], "linux")
                self.assertEqual(labels["node.kubernetes.io/instance-type"], scenario()["nodePool"]["instanceType"])
                st = node["status"]
                for key in ("capacity", "allocatable"):
                    self.assertEqual(st[key], plan[name][key])
                    self.assertEqual(set(st[key]) >= {"cpu", "memory", "pods", "ephemeral-storage"}, True)
                conditions = {c["type"]: c for c in st["conditions"]}
                self.assertEqual(conditions["Ready"]["status"], "True")
                self.assertEqual(conditions["Ready"]["reason"], "KubeletReady")
                for t in ("MemoryPressure", "DiskPressure", "PIDPressure"):
                    self.assertEqual(conditions[t]["status"], "False")
                self.assertEqual(st["addresses"], [{"type": "InternalIP", "address": plan[name]["ip"]},
                                                   {"type": "Hostname", "address": name}])
                self.assertEqual(st["nodeInfo"]["kubeletVersion"], "v1.32.4")
                self.assertEqual(st["nodeInfo"]["operatingSystem"], "linux")
                self.assertEqual(node["spec"]["podCIDR"], plan[name]["podCIDR"] + ".0/24")

    def test_node_list_and_watch(self):
        status, body = self.raw.get("/api/v1/nodes")
        self.assertEqual(status, 200)
        self.assertEqual((body["kind"], body["apiVersion"]), ("NodeList", "v1"))
        self.assertTrue(body["metadata"]["resourceVersion"].isdigit())
        self.assertEqual([n["metadata"]["name"] for n in body["items"]], NODES)
        self.assertNotIn("kind", body["items"][0])
        status, body = self.raw.get("/api/v1/nodes?limit=2")
        self.assertEqual((len(body["items"]), body["metadata"]["remainingItemCount"]), (2, 1))
        status, rest = self.raw.get("/api/v1/nodes?limit=2&continue=" + body["metadata"]["continue"])
        self.assertEqual([n["metadata"]["name"] for n in rest["items"]], ["saga-worker-3"])
        # Nodes are cluster-scoped: there is no namespaced path.
        status, body = self.raw.get("/api/v1/namespaces/%s/nodes" % NS)
        self.assertEqual((status, body["reason"]), (404, "NotFound"))
        status, body = self.raw.get("/api/v1/nodes/saga-worker-9")
        self.assertEqual((status, body["message"]), (404, 'nodes "saga-worker-9" not found'))
        conn, resp = self.raw.open("/api/v1/nodes?watch=1&timeoutSeconds=1")
        try:
            self.assertEqual(resp.status, 200)
            seen = [(e["type"], e["object"]["kind"], e["object"]["metadata"]["name"]) for e in events(resp)]
        finally:
            conn.close()
        self.assertEqual(seen, [("ADDED", "Node", n) for n in NODES])

    def test_kubectl_watches_nodes(self):
        lines = Lines(self.lab.kubectl_stream("get", "nodes", "--watch"))
        try:
            seen = lines.until(lambda line: line.startswith("saga-worker-3"))
            self.assertIsInstance(seen, list, seen)
            self.assertTrue(seen[0].startswith("NAME"))
            # Still watching: no error, no exit.
            self.assertEqual(lines.next(1.5), "")
            self.assertIsNone(lines.proc.poll())
        finally:
            lines.close()

    def test_describe_node_shows_what_the_scheduler_saw(self):
        pods = self.all_pods()
        kafka1 = next(p for p in pods if p["metadata"]["name"] == "kafka-1")
        self.assertNotIn("nodeName", kafka1["spec"])
        wanted = memory_requested(kafka1)
        self.assertEqual(wanted, KAFKA_1_REQUEST)
        free = {}
        for name in NODES:
            with self.subTest(node=name):
                out = self.get("describe", "node", name)
                allocatable = re.search(r"^Allocatable:\n(?:  .*\n)*?  memory:\s+(\S+)$", out, re.M)
                self.assertIsNotNone(allocatable, out)
                allocated = re.search(r"^Allocated resources:\n(?:  .*\n)*?  memory\s+(\S+) \((\d+)%\)", out, re.M)
                self.assertIsNotNone(allocated, out)
                # Independently: the pods listed on that node, in every namespace, not terminated.
                on_node = [p for p in pods if p["spec"].get("nodeName") == name
                           and p["status"]["phase"] not in ("Succeeded", "Failed")]
                requested = sum(memory_requested(p) for p in on_node)
                self.assertEqual(quantity(allocated.group(1)), requested)
                self.assertIn("Non-terminated Pods:          (%d in total)" % len(on_node), out)
                self.assertIn("kube-system", out)  # other namespaces' pods fill the nodes too
                node_allocatable = quantity(allocatable.group(1))
                self.assertEqual(node_allocatable,
                                 quantity(next(n for n in scenario()["nodes"] if n["name"] == name)
                                          ["allocatable"]["memory"]))
                free[name] = node_allocatable - requested
                self.assertGreaterEqual(free[name], 0)
                self.assertLess(free[name], wanted, "%s could hold kafka-1" % name)
        # The numbers infratop's own tests can rely on (KiB).
        self.assertEqual({k: v >> 10 for k, v in free.items()},
                         {"saga-worker-1": 2535892, "saga-worker-2": 3035604, "saga-worker-3": 223700})

    def test_field_selectors_as_the_api_server_has_them(self):
        pods = self.all_pods()
        self.assertEqual(len([p for p in pods if p["metadata"]["namespace"] == NS]), 15)

        def names(path, text):
            status, body = self.raw.get("%s?fieldSelector=%s" % (path, selector(text)))
            self.assertEqual(status, 200, body)
            return sorted((p["metadata"].get("namespace"), p["metadata"]["name"]) for p in body["items"])

        def expected(test):
            return sorted((p["metadata"]["namespace"], p["metadata"]["name"]) for p in pods if test(p))

        for node in NODES:
            with self.subTest(node=node):
                on_node = expected(lambda p: p["spec"].get("nodeName") == node)
                self.assertTrue(on_node)
                self.assertEqual(names("/api/v1/pods", "spec.nodeName=" + node), on_node)
                self.assertEqual(names("/api/v1/pods", "spec.nodeName==%s,status.phase!=Failed,"
                                                       "status.phase!=Succeeded" % node), on_node)
                self.assertEqual(names("/api/v1/namespaces/%s/pods" % NS, "spec.nodeName=" + node),
                                 [n for n in on_node if n[0] == NS])
        self.assertEqual(names("/api/v1/pods", "status.phase!=Running"), [(NS, "kafka-1")])
        self.assertEqual(names("/api/v1/pods", "spec.nodeName="), [(NS, "kafka-1")])
        self.assertEqual(len(names("/api/v1/pods", "metadata.namespace=kube-system")), 6)
        self.assertEqual(names("/api/v1/pods", "metadata.name=kafka-0"), [(NS, "kafka-0")])
        self.assertEqual(names("/api/v1/pods", "spec.hostNetwork=true"),
                         expected(lambda p: p["spec"].get("hostNetwork") is True))
        self.assertEqual(len(names("/api/v1/nodes", "metadata.name=saga-worker-2")), 1)
        # kubectl passes its own flag through unchanged.
        out = self.get("get", "pods", "-A", "-o", "name", "--field-selector",
                       "spec.nodeName=saga-worker-1,metadata.namespace!=%s" % NS)
        self.assertEqual(sorted(out.split()), sorted("pod/" + n for ns, n in
                                                     expected(lambda p: p["spec"].get("nodeName") == "saga-worker-1"
                                                              and p["metadata"]["namespace"] != NS)))

    def test_an_unknown_field_label_is_a_bad_request(self):
        for path, text, message in (
                ("/api/v1/pods", "spec.nodeNam=saga-worker-1", "field label not supported: spec.nodeNam"),
                ("/api/v1/namespaces/%s/pods" % NS, "status.ready=true", "field label not supported: status.ready"),
                ("/api/v1/nodes", "status.phase=Ready", "field label not supported: status.phase"),
                ("/api/v1/pods?watch=1", "spec.bogus=1", "field label not supported: spec.bogus"),
                ("/apis/apps/v1/namespaces/%s/deployments" % NS, "spec.replicas=1",
                 '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"')):
            with self.subTest(path=path, selector=text):
                status, body = self.raw.get("%s%sfieldSelector=%s" % (path, "&" if "?" in path else "?",
                                                                      selector(text)))
                self.assertEqual(status, 400)
                self.assertEqual(body, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                        "message": message, "reason": "BadRequest", "code": 400})
        r = self.lab.kubectl("get", "pods", "-A", "--field-selector", "spec.foo=bar")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("field label not supported: spec.foo", r.stderr)

    def test_operators_read_pods_of_every_namespace(self):
        out = self.get("get", "pods", "-A")
        self.assertEqual(out.splitlines()[0].split()[:2], ["NAMESPACE", "NAME"])
        namespaces = {line.split()[0] for line in out.splitlines()[1:]}
        self.assertEqual(namespaces, {NS, "kube-system", "kube-flannel", "monitoring"})
        self.assertIn("coredns-", self.get("get", "pods", "-n", "kube-system"))
        # The ClusterRole is about nodes and pods: logs stay within the namespace's Role.
        coredns = next(p for p in self.all_pods() if p["metadata"]["name"].startswith("coredns-"))
        r = self.lab.kubectl("logs", "-n", "kube-system", coredns["metadata"]["name"])
        self.assertIn('cannot get resource "pods/log" in API group "" in the namespace "kube-system"', r.stderr)
        # Chunked, across namespaces, kubectl gets the same pods.
        self.assertEqual(self.get("get", "pods", "-A", "-o", "name"),
                         self.get("get", "pods", "-A", "-o", "name", "--chunk-size", "4"))

    def test_who_may_read_nodes(self):
        for mode in ("token", "cert", "cert-data", "exec", "http", "noforward"):
            with self.subTest(mode=mode):
                r = self.lab.kubectl("get", "nodes", "-o", "name", mode=mode)
                self.assertEqual((r.returncode, r.stdout.split()), (0, ["node/" + n for n in NODES]), r.stderr)
        for mode, user in (("restricted", "lab-restricted"), ("noevents", "lab-noevents")):
            with self.subTest(mode=mode):
                r = self.lab.kubectl("get", "nodes", mode=mode)
                self.assertEqual(r.stderr.strip(),
                                 'Error from server (Forbidden): nodes is forbidden: User "%s" cannot list resource '
                                 '"nodes" in API group "" at the cluster scope' % user)
                r = self.lab.kubectl("get", "pods", "-A", mode=mode)
                self.assertEqual(r.stderr.strip(),
                                 'Error from server (Forbidden): pods is forbidden: User "%s" cannot list resource '
                                 '"pods" in API group "" at the cluster scope' % user)
        with open(os.path.join(self.lab.dir, "restricted-token")) as f:
            restricted = Raw(self.lab, token=f.read().strip())
        status, body = restricted.get("/api/v1/nodes/saga-worker-1")
        self.assertEqual(status, 403)
        self.assertEqual(body, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                "message": 'nodes "saga-worker-1" is forbidden: User "lab-restricted" cannot get '
                                           'resource "nodes" in API group "" at the cluster scope',
                                "reason": "Forbidden", "details": {"name": "saga-worker-1", "kind": "nodes"},
                                "code": 403})
        status, body = restricted.get("/api/v1/nodes?watch=1")
        self.assertEqual((status, body["message"]),
                         (403, 'nodes is forbidden: User "lab-restricted" cannot watch resource "nodes" in API group '
                               '"" at the cluster scope'))

    @unittest.skipIf(k8s_client is None, "the official kubernetes Python client is not installed")
    def test_the_python_client_reads_nodes_and_pods_by_node(self):
        api_client = k8s_config.new_client_from_config(config_file=self.lab.kubeconfig("token"))
        self.addCleanup(api_client.close)
        api = k8s_client.CoreV1Api(api_client)
        nodes = api.list_node()
        self.assertEqual([n.metadata.name for n in nodes.items], NODES)
        self.assertEqual(nodes.items[0].status.allocatable["memory"], "4674004Ki")
        pods = api.list_pod_for_all_namespaces(
            field_selector="spec.nodeName=saga-worker-3,status.phase!=Failed,status.phase!=Succeeded")
        self.assertIn("kafka-0", [p.metadata.name for p in pods.items])
        self.assertEqual({p.spec.node_name for p in pods.items}, {"saga-worker-3"})


if __name__ == "__main__":
    unittest.main()
