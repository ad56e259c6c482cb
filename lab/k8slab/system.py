"""Pods of other namespaces that run on the same nodes (scenario.json's
"systemWorkloads": kube-proxy, flannel, node-exporter, CoreDNS, metrics-server),
with the resource requests that fill the nodes. They are never in the
e-commerce-saga lists; a cluster-wide pod list (`GET /api/v1/pods`, which
`kubectl describe node` makes) shows them. Nothing changes them later, and the
lab serves no logs or port-forwards for them."""

from . import objects
from .objects import prune, uid
from .timefmt import rfc3339

PRIORITIES = {"system-node-critical": 2000001000, "system-cluster-critical": 2000000000}

# What the DaemonSet controller adds to every pod it creates.
DAEMONSET_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
]
HOST_NETWORK_TOLERATION = {"key": "node.kubernetes.io/network-unavailable", "operator": "Exists",
                           "effect": "NoSchedule"}
# What the API server's DefaultTolerationSeconds admission adds to any other pod.
DEFAULT_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
]


def container_spec(c):
    resources = {k: dict(c[k]) for k in ("requests", "limits") if c.get(k)}
    return {
        "name": c["name"],
        "image": c["image"],
        "command": c.get("command", []),
        "args": c.get("args", []),
        "ports": [dict({"protocol": "TCP"}, **p) for p in c.get("ports", [])],
        "resources": resources,
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
        "imagePullPolicy": "IfNotPresent",
    }


def build(sc, w):
    """The pods of one workload, as its controller created them, all Running and Ready."""
    ns, name, kind = w["namespace"], w["name"], w["kind"]
    created = sc.ago(w["age"])
    labels = dict(w.get("labels", {}))
    if kind == "DaemonSet":
        labels.update({"controller-revision-hash": objects.suffix(10, "rev", ns, name),
                       "pod-template-generation": "1"})
        owner = objects.owner_ref("DaemonSet", name, uid(ns, "DaemonSet", name))
        placements = [(i, "%s-%s" % (name, objects.suffix(5, "pod", ns, name, n["name"])))
                      for i, n in enumerate(sc.nodes)]
    else:
        hash_ = objects.suffix(10, "rs", ns, name)
        rs_name = "%s-%s" % (name, hash_)
        labels["pod-template-hash"] = hash_
        owner = objects.owner_ref("ReplicaSet", rs_name, uid(ns, "ReplicaSet", rs_name))
        placements = [(node, "%s-%s" % (rs_name, objects.suffix(5, "pod", ns, rs_name, str(i))))
                      for i, node in enumerate(w.get("nodes", [0]))]
    host_network = bool(w.get("hostNetwork"))
    specs = [container_spec(c) for c in w["containers"]]
    pods = []
    for k, (node, pod_name) in enumerate(placements):
        pod_created = created + 10 + k
        node_name = sc.nodes[node]["name"]
        if kind == "DaemonSet":
            tolerations = ([{"operator": "Exists"}] if w.get("priorityClassName") == "system-node-critical" else []) \
                + DAEMONSET_TOLERATIONS + ([HOST_NETWORK_TOLERATION] if host_network else [])
            affinity = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node_name]}]}]}}}
        else:
            tolerations = [{"key": "CriticalAddonsOnly", "operator": "Exists"}] + DEFAULT_TOLERATIONS
            affinity = None
        pod = {
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": {"name": pod_name, "namespace": ns, "uid": uid(ns, "Pod", pod_name),
                         "creationTimestamp": rfc3339(pod_created), "labels": dict(labels),
                         "ownerReferences": [owner]},
            "spec": {
                "containers": specs,
                "restartPolicy": "Always",
                "terminationGracePeriodSeconds": 30,
                "dnsPolicy": w.get("dnsPolicy", "ClusterFirst"),
                "serviceAccountName": w.get("serviceAccount", "default"),
                "serviceAccount": w.get("serviceAccount", "default"),
                "nodeName": node_name,
                "hostNetwork": host_network or None,
                "schedulerName": "default-scheduler",
                "affinity": affinity,
                "tolerations": tolerations,
                "priorityClassName": w.get("priorityClassName"),
                "priority": PRIORITIES.get(w.get("priorityClassName"), 0),
                "enableServiceLinks": True,
                "preemptionPolicy": "PreemptLowerPriority",
            },
            "status": {"phase": "Pending", "qosClass": objects.qos_class(specs)},
        }
        sc.schedule(pod, node, started=pod_created + 6, host_network=host_network)
        pod["status"]["containerStatuses"] = [{
            "name": c["name"],
            "state": {"running": {"startedAt": rfc3339(pod_created + 6)}},
            "ready": True,
            "restartCount": 0,
            "image": c["image"],
            "imageID": sc.image_id(c["image"]),
            "containerID": sc.container_id(pod_name, c["name"], 0),
            "started": True,
        } for c in w["containers"]]
        pods.append(prune(pod))
    return pods
