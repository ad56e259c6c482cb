"""kubectl get against the lab prints what it prints against the real cluster."""

import json
import unittest

from labfixture import NS, shared_lab


def rows(text):
    return [line.split() for line in text.strip().splitlines() if line.strip()]


class KubectlGetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lab = shared_lab()

    def get(self, *args, **kw):
        r = self.lab.kubectl(*args, **kw)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_pods_show_server_side_columns(self):
        out = self.get("get", "pods")
        lines = out.splitlines()
        self.assertEqual(lines[0].split(), ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        by_name = {r[0]: r for r in rows(out)[1:]}
        self.assertEqual(by_name["kafka-0"][1:3], ["1/1", "Running"])
        self.assertEqual(by_name["kafka-1"][1:4], ["0/1", "Pending", "0"])
        self.assertNotIn("kafka-2", by_name)
        self.assertEqual(by_name["redis-0"][1], "2/2")
        crashing = [r for r in rows(out)[1:] if r[2] == "CrashLoopBackOff"]
        self.assertEqual(sorted(r[0].rsplit("-", 2)[0] for r in crashing),
                         ["inventory-service", "notification-service", "order-service"])
        for r in crashing:
            self.assertEqual(r[1], "0/1")
            # RESTARTS reads "17 (95s ago)", as printPod formats it.
            self.assertRegex(" ".join(r[3:6]), r"^1[78] \(\S+ ago\)$")

    def test_several_kinds_at_once(self):
        out = self.get("get", "pods,sts,deploy,events")
        self.assertIn("statefulset.apps/kafka", out)
        sts = {r[0]: r for r in rows(out) if r[0].startswith("statefulset.apps/")}
        self.assertEqual(sts["statefulset.apps/kafka"][1], "1/3")
        for name in ("mongodb", "zookeeper", "redis"):
            self.assertEqual(sts["statefulset.apps/" + name][1], "1/1")
        deps = {r[0].split("/")[1]: r for r in rows(out) if r[0].startswith("deployment.apps/")}
        self.assertEqual(deps["payment-service"][1:4], ["3/3", "3", "3"])
        self.assertEqual(deps["shipping-service"][1], "2/2")
        self.assertEqual(deps["saga-coordinator"][1], "2/2")
        for name in ("order-service", "inventory-service", "notification-service"):
            self.assertEqual(deps[name][1:4], ["0/1", "1", "0"])
        self.assertRegex(out, r"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE")
        self.assertRegex(out, r"\(x577 over \S+\)\s+Warning\s+FailedScheduling\s+pod/kafka-1\s+0/3 nodes are "
                              r"available: 3 Insufficient memory\. preemption: 0/3 nodes are available: 3 No "
                              r"preemption victims found for incoming pod\.")
        self.assertRegex(out, r"Warning\s+BackOff\s+pod/order-service-\S+\s+Back-off restarting failed container "
                              r"order-service")

    def test_services_as_printService_prints_them(self):
        out = self.get("get", "services")
        self.assertEqual(out.splitlines()[0].split(), ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"])
        by_name = {r[0]: r for r in rows(out)[1:]}
        self.assertEqual(sorted(by_name), sorted([
            "inventory-service", "kafka-client", "kafka-headless", "mongodb", "mongodb-headless",
            "notification-service", "order-service", "payment-service", "redis", "redis-headless",
            "saga-coordinator", "shipping-service", "zookeeper", "zookeeper-headless"]))
        self.assertEqual(by_name["kafka-client"][1], "ClusterIP")
        self.assertRegex(by_name["kafka-client"][2], r"^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$")
        self.assertEqual(by_name["kafka-client"][3:5], ["<none>", "9092/TCP"])
        self.assertEqual(by_name["kafka-headless"][2], "None")
        self.assertEqual(by_name["zookeeper"][4], "2181/TCP,2888/TCP,3888/TCP")
        self.assertEqual(by_name["mongodb"][4], "27017/TCP")
        wide = {r[0]: r for r in rows(self.get("get", "svc", "-o", "wide"))[1:]}
        self.assertEqual(wide["redis"][-1], "app=redis")

    def test_one_service_as_json(self):
        svc = json.loads(self.get("get", "service", "redis", "-o", "json"))
        self.assertEqual((svc["kind"], svc["apiVersion"]), ("Service", "v1"))
        self.assertEqual(svc["metadata"]["namespace"], NS)
        self.assertEqual(svc["spec"]["ports"], [{"name": "tcp-redis", "port": 6379, "protocol": "TCP",
                                                 "targetPort": "redis"}])
        self.assertEqual(svc["spec"]["selector"], {"app": "redis"})
        self.assertEqual(svc["spec"]["type"], "ClusterIP")
        self.assertEqual(svc["spec"]["clusterIPs"], [svc["spec"]["clusterIP"]])
        self.assertEqual(svc["status"], {"loadBalancer": {}})
        redis = json.loads(self.get("get", "pod", "redis-0", "-o", "json"))
        self.assertIn({"name": "redis", "containerPort": 6379, "protocol": "TCP"},
                      redis["spec"]["containers"][0]["ports"])
        r = self.lab.kubectl("get", "service", "kafka")
        self.assertEqual(r.stderr.strip(), 'Error from server (NotFound): services "kafka" not found')

    def test_wide_adds_priority_columns(self):
        out = self.get("get", "pods", "-o", "wide")
        self.assertEqual(out.splitlines()[0].split(),
                         ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED", "NODE",
                          "READINESS", "GATES"])
        kafka1 = next(r for r in rows(out) if r[0] == "kafka-1")
        self.assertEqual(kafka1[-4:], ["<none>"] * 4)

    def test_json_round_trip(self):
        data = json.loads(self.get("get", "pods", "-o", "json"))
        self.assertEqual((data["kind"], data["apiVersion"]), ("List", "v1"))
        self.assertEqual(len(data["items"]), 15)
        pods = {p["metadata"]["name"]: p for p in data["items"]}
        for p in pods.values():
            self.assertEqual((p["kind"], p["apiVersion"]), ("Pod", "v1"))
            self.assertRegex(p["metadata"]["creationTimestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            self.assertRegex(p["metadata"]["uid"], r"^[0-9a-f-]{36}$")
            self.assertTrue(p["metadata"]["resourceVersion"].isdigit())
        k1 = pods["kafka-1"]
        self.assertEqual(k1["status"]["phase"], "Pending")
        cond = k1["status"]["conditions"][0]
        self.assertEqual((cond["type"], cond["status"], cond["reason"]), ("PodScheduled", "False", "Unschedulable"))
        self.assertNotIn("nodeName", k1["spec"])  # omitted when empty, as the API does
        order = next(p for n, p in pods.items() if n.startswith("order-service-"))
        cs = order["status"]["containerStatuses"][0]
        self.assertEqual(cs["state"]["waiting"]["reason"], "CrashLoopBackOff")
        self.assertRegex(cs["state"]["waiting"]["message"],
                         r"^back-off 5m0s restarting failed container=order-service pod=order-service-\S+_"
                         r"e-commerce-saga\([0-9a-f-]{36}\)$")
        self.assertEqual(cs["lastState"]["terminated"]["exitCode"], 1)
        self.assertEqual(cs["lastState"]["terminated"]["reason"], "Error")
        env = {e["name"]: e for e in order["spec"]["containers"][0]["env"]}
        self.assertEqual(env["KAFKA_BOOTSTRAP_SERVERS"]["value"], "kafka-client:9092")
        self.assertEqual(env["REDIS_URL"]["value"], "redis://redis:6379")
        self.assertEqual(env["REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"],
                         {"name": "redis-secret", "key": "redis-password"})
        self.assertNotIn("value", env["REDIS_PASSWORD"])
        # The report's plain-text password must never be modelled.
        self.assertFalse("e-commerce-saga-redis-pass" in json.dumps(data), "a literal Redis password leaked")

    def test_owner_chain_pod_replicaset_deployment(self):
        pods = json.loads(self.get("get", "pods", "-o", "json"))["items"]
        rss = {r["metadata"]["name"]: r for r in json.loads(self.get("get", "rs", "-o", "json"))["items"]}
        deps = {d["metadata"]["name"]: d for d in json.loads(self.get("get", "deploy", "-o", "json"))["items"]}
        stss = {s["metadata"]["name"]: s for s in json.loads(self.get("get", "sts", "-o", "json"))["items"]}
        for pod in pods:
            ref = pod["metadata"]["ownerReferences"][0]
            self.assertTrue(ref["controller"])
            if ref["kind"] == "ReplicaSet":
                rs = rss[ref["name"]]
                self.assertEqual(ref["uid"], rs["metadata"]["uid"])
                dref = rs["metadata"]["ownerReferences"][0]
                self.assertEqual(dref["uid"], deps[dref["name"]]["metadata"]["uid"])
            else:
                self.assertEqual(ref["kind"], "StatefulSet")
                self.assertEqual(ref["uid"], stss[ref["name"]]["metadata"]["uid"])
        kafka = stss["kafka"]
        self.assertEqual(kafka["spec"]["replicas"], 3)
        self.assertEqual(kafka["spec"]["podManagementPolicy"], "OrderedReady")
        self.assertEqual(kafka["status"]["readyReplicas"], 1)

    def test_chunked_list_gives_the_same_pods(self):
        whole = self.get("get", "pods", "-o", "name")
        chunked = self.get("get", "pods", "-o", "name", "--chunk-size", "4")
        self.assertEqual(whole, chunked)
        raw = json.loads(self.get("get", "--raw", "/api/v1/namespaces/%s/pods?limit=4" % NS))
        self.assertEqual(len(raw["items"]), 4)
        self.assertEqual(raw["metadata"]["remainingItemCount"], 11)
        # Items of a typed list carry no kind/apiVersion on the wire; kubectl adds them.
        self.assertNotIn("kind", raw["items"][0])
        nxt = json.loads(self.get("get", "--raw", "/api/v1/namespaces/%s/pods?limit=4&continue=%s"
                                  % (NS, raw["metadata"]["continue"])))
        self.assertEqual(len(nxt["items"]), 4)
        self.assertGreater(nxt["items"][0]["metadata"]["name"], raw["items"][-1]["metadata"]["name"])

    def test_read_only(self):
        r = self.lab.kubectl("delete", "pod", "kafka-0")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("Error from server (MethodNotAllowed): the server does not allow this method on the "
                      "requested resource", r.stderr)
        self.assertIn("kafka-0", self.get("get", "pods"))

    def test_discovery_both_ways(self):
        from rawclient import Raw
        raw = Raw(self.lab)
        status, legacy = raw.get("/api")
        self.assertEqual((status, legacy["kind"], legacy["versions"]), (200, "APIVersions", ["v1"]))
        _, core = raw.get("/api/v1")
        names = {r["name"] for r in core["resources"]}
        self.assertTrue({"pods", "pods/log", "pods/portforward", "events", "services"} <= names)
        _, apps = raw.get("/apis/apps/v1")
        self.assertEqual({r["name"] for r in apps["resources"]}, {"deployments", "replicasets", "statefulsets"})
        accept = ("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")
        conn, resp = raw.open("/apis", accept=accept)
        try:
            self.assertEqual(resp.getheader("Content-Type"),
                             "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
            body = json.loads(resp.read())
        finally:
            conn.close()
        self.assertEqual(body["kind"], "APIGroupDiscoveryList")
        self.assertEqual(body["items"][0]["metadata"]["name"], "apps")

    def test_control_channel_is_not_on_the_api_port(self):
        r = self.lab.kubectl("get", "--raw", "/lab/status")
        self.assertIn("Error from server (NotFound): the server could not find the requested resource", r.stderr)

    def test_not_found(self):
        r = self.lab.kubectl("get", "pod", "kafka-2")
        self.assertEqual(r.stderr.strip(), 'Error from server (NotFound): pods "kafka-2" not found')

    def test_forbidden_outside_the_namespace(self):
        # Pods of every namespace are readable (a ClusterRole, for nodes' pods); other kinds are not.
        r = self.lab.kubectl("get", "events", "-A")
        self.assertIn('Error from server (Forbidden): events is forbidden: User "lab-operator" cannot list resource '
                      '"events" in API group "" at the cluster scope', r.stderr)
        r = self.lab.kubectl("get", "pods", "-A", mode="restricted")
        self.assertIn('Error from server (Forbidden): pods is forbidden: User "lab-restricted" cannot list resource '
                      '"pods" in API group "" at the cluster scope', r.stderr)
        r = self.lab.kubectl("get", "secrets")
        self.assertIn('secrets is forbidden: User "lab-operator" cannot list resource "secrets" in API group "" '
                      'in the namespace "e-commerce-saga"', r.stderr)


if __name__ == "__main__":
    unittest.main()
