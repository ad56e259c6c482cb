"""Expands lab/scenario.json into the objects the API server would hold, and
changes them the way controllers and the kubelet would (crash loops that
restart every five minutes, a pending broker that gets scheduled).

Timestamps are relative to server start so ages read the same on every run.
"""

import hashlib
import json
import time

from . import controllers, events, nodes, objects, system
from .objects import prune, uid, owner_ref
from .timefmt import rfc3339

BACKOFF_SECONDS = 300  # the kubelet's crash-loop back-off cap (5m0s)
MAX_ATTEMPTS = 5  # runs per container whose logs the lab can still show
FILLER = "catalog-service"  # the Deployment that `--pods N` adds


def attempt(start, end, profile):
    """One run of a container: when it started, when it ended (None while
    running) and which log profile wrote its lines."""
    return {"start": start, "end": end, "profile": profile}


class Scenario:
    def __init__(self, store, path, start=None, extra_pods=0):
        self.store = store
        self.start = start if start is not None else time.time()
        with open(path) as f:
            self.data = json.load(f)
        # Filler pods (`scripts/lab up --pods N`): a healthy Deployment of any size, through its
        # ReplicaSet, to measure clients on big namespaces; `churn` updates them.
        self.filler = {"deployment": FILLER, "replicaset": None, "pods": []}
        if extra_pods:
            # No requests: at any N they leave the nodes' free memory (and kafka-1's story) as it is.
            self.data["deployments"].append({
                "name": FILLER, "age": 86400, "replicas": extra_pods, "port": 8000, "version": "3.1.0",
                "bestEffort": True,
                "pods": [{"state": "running", "node": i % len(self.data["nodes"])} for i in range(extra_pods)]})
        self.ns = self.data["namespace"]
        self.nodes = self.data["nodes"]
        self.paused = False
        self.pause_started = None
        self.paused_total = 0.0
        # Per container, facts the log generator needs (profile, start times).
        self.containers = {}  # (pod, container) -> dict
        self._ip_counter = {}
        self._initial_events = []  # loaded after the pods they describe
        self._build()

    # Scenario clock: stands still while paused so logs stop growing.
    def now(self):
        if self.paused:
            return self.pause_started - self.paused_total
        return time.time() - self.paused_total

    def pause(self):
        with self.store.cond:
            if not self.paused:
                self.paused = True
                self.pause_started = time.time()

    def resume(self):
        with self.store.cond:
            if self.paused:
                self.paused_total += time.time() - self.pause_started
                self.paused = False
                self.store.cond.notify_all()

    def ago(self, seconds):
        return self.start - seconds

    def _pod_ip(self, node_index):
        cidr = self.nodes[node_index]["podCIDR"]
        n = self._ip_counter.get(cidr, 10) + 1
        self._ip_counter[cidr] = n
        if n < 255:
            return "%s.%d" % (cidr, n)
        # Only load-test scenarios get here (a real node holds at most 110 pods).
        a, b, c = (int(x) for x in cidr.split("."))
        return "%d.%d.%d.%d" % (a, b, c + 100 * (n // 254), n % 254 + 1)

    # Building ---------------------------------------------------------------

    def _build(self):
        for sts in self.data["statefulsets"]:
            self._build_statefulset(sts)
        for dep in self.data["deployments"]:
            self._build_deployment(dep)
        for svc in self.data.get("services", []):
            self._build_service(svc)
        for ev in self._initial_events:
            self.store.load("events", ev)
        # Last, so the namespace's objects keep the resourceVersions and pod IPs they had
        # before the lab served nodes.
        for i, n in enumerate(self.nodes):
            self.store.load("nodes", nodes.node(self, n, i))
        for w in self.data.get("systemWorkloads", []):
            for pod in system.build(self, w):
                self.store.load("pods", pod)

    def _meta(self, name, kind, created, labels=None, annotations=None, owners=None, generation=None):
        return {
            "name": name,
            "namespace": self.ns,
            "uid": uid(self.ns, kind, name),
            "generation": generation,
            "creationTimestamp": rfc3339(created),
            "labels": labels or {},
            "annotations": annotations or {},
            "ownerReferences": owners or [],
        }

    def _container_spec(self, c, service_env=None):
        env = []
        for e in c.get("env", []):
            env.append(dict(e))
        for e in service_env or []:
            env.append(dict(e))
        if c.get("redisPassword") or service_env:
            # Never a literal password: the report's plain-text value is exactly
            # the mistake a dashboard should not repeat.
            secret = self.data["redisSecret"]
            env.append({"name": "REDIS_PASSWORD",
                        "valueFrom": {"secretKeyRef": {"name": secret["name"], "key": secret["key"]}}})
        resources = {}
        if "memory" in c or "cpu" in c:
            resources = {
                "requests": {"cpu": c["cpu"][0], "memory": c["memory"][0]},
                "limits": {"cpu": c["cpu"][1], "memory": c["memory"][1]},
            }
        return {
            "name": c["name"],
            "image": c["image"],
            "command": c.get("command", []),
            "args": c.get("args", []),
            "ports": [{"name": c.get("portName", "http"), "containerPort": c["port"], "protocol": "TCP"}],
            "env": env,
            "resources": resources,
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "imagePullPolicy": "IfNotPresent",
        }

    def _pod_spec(self, containers, node, hostname=None, subdomain=None):
        return {
            "containers": containers,
            "restartPolicy": "Always",
            "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst",
            "serviceAccountName": "default",
            "serviceAccount": "default",
            "nodeName": self.nodes[node]["name"] if node is not None else None,
            "hostname": hostname,
            "subdomain": subdomain,
            "schedulerName": "default-scheduler",
            "tolerations": [
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                 "effect": "NoExecute", "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists",
                 "effect": "NoExecute", "tolerationSeconds": 300},
            ],
            "priority": 0,
            "enableServiceLinks": True,
            "preemptionPolicy": "PreemptLowerPriority",
        }

    def statefulset_pod(self, sts_name, ordinal, p, created):
        """A pod as the StatefulSet controller creates it (used at build time
        and when OrderedReady lets the next ordinal start)."""
        sts = next(s for s in self.data["statefulsets"] if s["name"] == sts_name)
        owner = self.store.get_live("statefulsets", self.ns, sts_name)
        revision = "%s-%s" % (sts_name, objects.suffix(10, "rev", sts_name))
        pod_name = "%s-%d" % (sts_name, ordinal)
        labels = {"app": sts_name, "controller-revision-hash": revision,
                  "statefulset.kubernetes.io/pod-name": pod_name, "apps.kubernetes.io/pod-index": str(ordinal)}
        return self._pod(pod_name, created, labels,
                         owner_ref("StatefulSet", sts_name, owner["metadata"]["uid"]),
                         sts["containers"], p, hostname=pod_name, subdomain=sts["serviceName"], runtime=True)

    def _build_statefulset(self, sts):
        name = sts["name"]
        created = self.ago(sts["age"])
        revision = "%s-%s" % (name, objects.suffix(10, "rev", name))
        labels = {"app": name}
        meta = self._meta(name, "StatefulSet", created, labels=labels, generation=1)
        containers = [self._container_spec(c) for c in sts["containers"]]
        obj = {
            "kind": "StatefulSet",
            "apiVersion": "apps/v1",
            "metadata": meta,
            "spec": {
                "replicas": sts["replicas"],
                "selector": {"matchLabels": dict(labels)},
                "template": {
                    "metadata": {"labels": dict(labels)},
                    "spec": self._pod_spec(containers, None),
                },
                "serviceName": sts["serviceName"],
                "podManagementPolicy": sts.get("podManagementPolicy", "OrderedReady"),
                "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                "revisionHistoryLimit": 10,
                "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
            },
            "status": {"observedGeneration": 1, "currentRevision": revision,
                       "updateRevision": revision, "collisionCount": 0},
        }
        for ordinal, p in enumerate(sts["pods"]):
            pod_name = "%s-%d" % (name, ordinal)
            pod_labels = dict(labels)
            pod_labels.update({
                "controller-revision-hash": revision,
                "statefulset.kubernetes.io/pod-name": pod_name,
                "apps.kubernetes.io/pod-index": str(ordinal),
            })
            # OrderedReady: each ordinal waits for the previous to be Ready.
            pod_created = created + 2 + 45 * ordinal
            pod = self._pod(pod_name, pod_created, pod_labels,
                            owner_ref("StatefulSet", name, meta["uid"]),
                            sts["containers"], p, hostname=pod_name, subdomain=sts["serviceName"])
            self.store.load("pods", pod)
        obj = prune(obj)
        controllers.statefulset_status(self.store, obj)
        self.store.load("statefulsets", obj)

    def _build_service(self, svc):
        """A core/v1 Service as the API server returns it: a ClusterIP from the
        service range (or None for a headless one), ports with their targetPort
        as given (a number or a container port's name), created just before the
        workload it selects, as a chart installs them."""
        name = svc["name"]
        app = svc["selector"].get("app")
        workloads = self.data["statefulsets"] + self.data["deployments"]
        age = next((w["age"] for w in workloads if w["name"] == app), self.data["namespaceAge"]) + 5
        labels = {"app": app} if app else {}
        if svc.get("clusterIP") == "None":
            cluster_ip = "None"
        else:
            d = hashlib.sha256(("service/" + name).encode()).digest()
            # 10.96.0.0/12, kubeadm's default service range.
            cluster_ip = "10.%d.%d.%d" % (96 + d[0] % 16, d[1], d[2] % 254 + 1)
        obj = {
            "kind": "Service",
            "apiVersion": "v1",
            "metadata": self._meta(name, "Service", self.ago(age), labels=labels),
            "spec": {
                "ports": [{"name": p["name"], "protocol": "TCP", "port": p["port"], "targetPort": p["targetPort"]}
                          for p in svc["ports"]],
                "selector": dict(svc["selector"]),
                "clusterIP": cluster_ip,
                "clusterIPs": [cluster_ip],
                "type": "ClusterIP",
                "sessionAffinity": "None",
                "publishNotReadyAddresses": svc.get("publishNotReadyAddresses"),
                "ipFamilies": ["IPv4"],
                "ipFamilyPolicy": "SingleStack",
                "internalTrafficPolicy": "Cluster",
            },
        }
        obj = prune(obj)
        # An empty status is still sent: `"status":{"loadBalancer":{}}`.
        obj["status"] = {"loadBalancer": {}}
        self.store.load("services", obj)

    def _build_deployment(self, dep):
        name = dep["name"]
        created = self.ago(dep["age"])
        labels = {"app": name}
        meta = self._meta(name, "Deployment", created, labels=labels, generation=1,
                          annotations={"deployment.kubernetes.io/revision": "1"})
        c = {"name": name, "image": "registry.e-commerce-saga.local/%s:%s" % (name, dep["version"]),
             "port": dep["port"], "portName": "http", "memory": ["256Mi", "512Mi"], "cpu": ["100m", "500m"],
             "log": "uvicorn", "command": ["uvicorn"],
             "args": ["app.main:app", "--host", "0.0.0.0", "--port", str(dep["port"])]}
        if dep.get("bestEffort"):
            del c["memory"], c["cpu"]
        containers_spec = [self._container_spec(c, self.data["serviceEnv"])]
        template = {"metadata": {"labels": dict(labels)}, "spec": self._pod_spec(containers_spec, None)}
        deployment = {
            "kind": "Deployment",
            "apiVersion": "apps/v1",
            "metadata": meta,
            "spec": {
                "replicas": dep["replicas"],
                "selector": {"matchLabels": dict(labels)},
                "template": template,
                "strategy": {"type": "RollingUpdate",
                             "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                "revisionHistoryLimit": 10,
                "progressDeadlineSeconds": 600,
            },
            "status": {"observedGeneration": 1},
        }
        hash_ = objects.suffix(10, "rs", name)
        rs_name = "%s-%s" % (name, hash_)
        rs_labels = dict(labels, **{"pod-template-hash": hash_})
        rs_meta = self._meta(rs_name, "ReplicaSet", created + 1, labels=rs_labels, generation=1,
                             owners=[owner_ref("Deployment", name, meta["uid"])],
                             annotations={"deployment.kubernetes.io/desired-replicas": str(dep["replicas"]),
                                          "deployment.kubernetes.io/max-replicas": str(dep["replicas"] + 1),
                                          "deployment.kubernetes.io/revision": "1"})
        rs = {
            "kind": "ReplicaSet",
            "apiVersion": "apps/v1",
            "metadata": rs_meta,
            "spec": {
                "replicas": dep["replicas"],
                "selector": {"matchLabels": dict(rs_labels)},
                "template": {"metadata": {"labels": dict(rs_labels)},
                             "spec": self._pod_spec(containers_spec, None)},
            },
            "status": {"observedGeneration": 1},
        }
        taken = set()
        for i, p in enumerate(dep["pods"]):
            pod_name = "%s-%s" % (rs_name, objects.suffix(5, "pod", rs_name, str(i)))
            retry = 0
            while pod_name in taken:
                # Five characters collide from about 20,000 pods on; like the ReplicaSet
                # controller, generate another name rather than lose the pod.
                retry += 1
                pod_name = "%s-%s" % (rs_name, objects.suffix(5, "pod", rs_name, str(i), str(retry)))
            taken.add(pod_name)
            if name == FILLER:
                self.filler["pods"].append(pod_name)
            pod_created = self.ago(p["age"]) if "age" in p else created + 3
            pod = self._pod(pod_name, pod_created, rs_labels,
                            owner_ref("ReplicaSet", rs_name, rs_meta["uid"]), [c], p)
            self.store.load("pods", pod)
        if name == FILLER:
            self.filler["replicaset"] = rs_name
        rs, deployment = prune(rs), prune(deployment)
        controllers.replicaset_status(self.store, rs)
        controllers.deployment_status(deployment, rs)
        self.store.load("replicasets", rs)
        self.store.load("deployments", deployment)

    def _pod(self, name, created, labels, owner, containers, p, hostname=None, subdomain=None, runtime=False):
        state = p["state"]
        node = p.get("node")
        meta = self._meta(name, "Pod", created, labels=labels, owners=[owner])
        specs = [self._container_spec(c, self.data["serviceEnv"] if c.get("log") == "uvicorn" else None)
                 for c in containers]
        pod = {
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": meta,
            "spec": self._pod_spec(specs, node if state != "unschedulable" else None,
                                   hostname=hostname, subdomain=subdomain),
            "status": {"phase": "Pending", "qosClass": objects.qos_class(specs)},
        }
        for c in containers:
            self.containers[(name, c["name"])] = {
                "profile": c["log"] if state != "crashloop" else "asgi-" + p.get("crash", "module"),
                "service": c["name"],
                "port": c["port"],
                "image": c["image"],
            }
        if state == "unschedulable":
            pod["status"]["conditions"] = [{
                "type": "PodScheduled", "status": "False", "lastProbeTime": None,
                "lastTransitionTime": rfc3339(created + 1), "reason": "Unschedulable",
                "message": p["message"]}]
            if runtime:
                return prune(pod)
            self._initial_events.append(events.event(
                pod, "Warning", "FailedScheduling", p["message"],
                first=created + 1, last=self.start - 40, count=p["failedSchedulingCount"],
                source=events.SCHEDULER))
            return prune(pod)
        self.schedule(pod, node, started=created + 6)
        statuses = []
        for c in containers:
            if state == "running":
                statuses.append(self.running_status(pod, c, created + 6, p.get("restarts", 0)))
            else:
                statuses.append(self._crashloop_status(pod, c, p))
        pod["status"]["containerStatuses"] = statuses
        self.set_readiness(pod)
        if state == "crashloop":
            c = containers[0]
            self._initial_events.extend(events.crashloop_history(
                pod, c["name"], c["image"], p["restarts"], self.start - p["lastCrashAgo"] - 2, created, self.start))
        return prune(pod)

    def schedule(self, pod, node, started, host_network=False):
        n = self.nodes[node]
        # A hostNetwork pod has its node's address.
        ip = n["ip"] if host_network else self._pod_ip(node)
        pod["spec"]["nodeName"] = n["name"]
        st = pod["status"]
        st["phase"] = "Running"
        st["hostIP"] = n["ip"]
        st["hostIPs"] = [{"ip": n["ip"]}]
        st["podIP"] = ip
        st["podIPs"] = [{"ip": ip}]
        st["startTime"] = rfc3339(started - 5)
        st["conditions"] = [
            {"type": t, "status": "True", "lastProbeTime": None, "lastTransitionTime": rfc3339(started - 5)}
            for t in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")
        ]

    def container_id(self, pod_name, container, attempt):
        return "containerd://" + objects.hexsuffix("cid", pod_name, container, str(attempt)) * 4

    def image_id(self, image):
        return "%s@sha256:%s" % (image.split(":")[0], objects.hexsuffix("img", image) * 4)

    def running_status(self, pod, c, started, restarts):
        name = pod["metadata"]["name"]
        status = {
            "name": c["name"],
            "state": {"running": {"startedAt": rfc3339(started)}},
            "ready": True,
            "restartCount": restarts,
            "image": c["image"],
            "imageID": self.image_id(c["image"]),
            "containerID": self.container_id(name, c["name"], restarts),
            "started": True,
        }
        info = self.containers[(name, c["name"])]
        info["attempts"] = [attempt(started, None, info["profile"])]
        if restarts:
            status["lastState"] = {"terminated": {
                "exitCode": 137, "reason": "OOMKilled",
                "startedAt": rfc3339(started - 86000), "finishedAt": rfc3339(started - 1),
                "containerID": self.container_id(name, c["name"], restarts - 1)}}
            info["attempts"].insert(0, attempt(started - 86000, started - 1, info["profile"]))
        return status

    def _crashloop_status(self, pod, c, p):
        name = pod["metadata"]["name"]
        restarts = p["restarts"]
        finished = self.start - p["lastCrashAgo"]
        started = finished - 2
        info = self.containers[(name, c["name"])]
        # Every failed run, newest last, for the log generator (bounded like
        # the kubelet, which keeps only the previous container's log).
        info["attempts"] = [attempt(started - BACKOFF_SECONDS * k, started - BACKOFF_SECONDS * k + 2, info["profile"])
                            for k in range(min(restarts, MAX_ATTEMPTS - 1), -1, -1)]
        return {
            "name": c["name"],
            "state": {"waiting": {"reason": "CrashLoopBackOff", "message": self.backoff_message(pod, c["name"])}},
            "lastState": {"terminated": {
                "exitCode": 1, "reason": "Error",
                "startedAt": rfc3339(started), "finishedAt": rfc3339(finished),
                "containerID": self.container_id(name, c["name"], restarts - 1)}},
            "ready": False,
            "restartCount": restarts,
            "image": c["image"],
            "imageID": self.image_id(c["image"]),
            "containerID": self.container_id(name, c["name"], restarts - 1),
            "started": False,
        }

    def backoff_message(self, pod, container):
        m = pod["metadata"]
        return "back-off 5m0s restarting failed container=%s pod=%s_%s(%s)" % (
            container, m["name"], m["namespace"], m["uid"])

    def set_readiness(self, pod):
        statuses = pod["status"].get("containerStatuses", [])
        not_ready = [s["name"] for s in statuses if not s.get("ready")]
        for cond in pod["status"].get("conditions", []):
            if cond["type"] in ("Ready", "ContainersReady"):
                if not_ready:
                    cond["status"] = "False"
                    cond["reason"] = "ContainersNotReady"
                    cond["message"] = "containers with unready status: [%s]" % " ".join(not_ready)
                else:
                    cond["status"] = "True"
                    cond.pop("reason", None)
                    cond.pop("message", None)
