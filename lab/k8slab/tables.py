"""Server-side printing (`Accept: ...;as=Table`), ported from the API
server's printers. kubectl 1.32 has no client-side printers left: given a
plain list it falls back to NAME and AGE only, so without Tables
`kubectl get pods` would not show READY/STATUS/RESTARTS at all."""

import time

from .timefmt import human_duration, parse_rfc3339

_NAME_DOC = ("Name must be unique within a namespace. Is required when creating resources, although some resources "
             "may allow a client to request the generation of an appropriate name automatically. Name is primarily "
             "intended for creation idempotence and configuration definition. Cannot be updated. More info: "
             "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names")
_AGE_DOC = ("CreationTimestamp is a timestamp representing the server time when this object was created. It is not "
            "guaranteed to be set in happens-before order across separate operations. Clients may not set this value. "
            "It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. "
            "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata")


def _col(name, type_="string", priority=0, description="", fmt=""):
    c = {"name": name, "type": type_, "format": fmt, "description": description, "priority": priority}
    return c


def since(ts_text, now):
    if not ts_text:
        return "<unknown>"
    return human_duration(now - parse_rfc3339(ts_text))


def _containers(obj):
    spec = obj["spec"]["template"]["spec"]
    return ",".join(c["name"] for c in spec["containers"]), ",".join(c["image"] for c in spec["containers"])


def _selector(obj):
    labels = obj["spec"].get("selector", {}).get("matchLabels", {})
    return ",".join("%s=%s" % kv for kv in sorted(labels.items())) or "<none>"


# Pods ------------------------------------------------------------------------

POD_COLUMNS = [
    _col("Name", fmt="name", description=_NAME_DOC),
    _col("Ready", description="The aggregate readiness state of this pod for accepting traffic."),
    _col("Status", description="The aggregate status of the containers in this pod."),
    _col("Restarts", description="The number of times the containers in this pod have been restarted and when the "
                                 "last container in this pod has restarted."),
    _col("Age", description=_AGE_DOC),
    _col("IP", priority=1, description="podIP address allocated to the pod. Routable at least within the cluster. "
                                       "Empty if not yet allocated."),
    _col("Node", priority=1, description="NodeName indicates in which node this pod is scheduled."),
    _col("Nominated Node", priority=1, description="nominatedNodeName is set only when this pod preempts other "
                                                   "pods on the node."),
    _col("Readiness Gates", priority=1, description="If specified, all readiness gates will be evaluated for pod "
                                                    "readiness."),
]


def pod_row(pod, now):
    """printPod from pkg/printers/internalversion: the STATUS precedence
    (phase, then status.reason, then a waiting/terminated container reason),
    READY counted from ready running containers, RESTARTS with '(Xm ago)'."""
    st = pod.get("status", {})
    reason = st.get("reason") or st.get("phase", "")
    total = len(pod["spec"].get("containers", []))
    ready = 0
    restarts = 0
    last_restart = None
    has_running = False
    for cs in reversed(st.get("containerStatuses", [])):
        restarts += cs.get("restartCount", 0)
        term = cs.get("lastState", {}).get("terminated")
        if term and term.get("finishedAt"):
            t = parse_rfc3339(term["finishedAt"])
            if last_restart is None or t > last_restart:
                last_restart = t
        state = cs.get("state", {})
        if state.get("waiting", {}).get("reason"):
            reason = state["waiting"]["reason"]
        elif "terminated" in state and state["terminated"].get("reason"):
            reason = state["terminated"]["reason"]
        elif "terminated" in state:
            t = state["terminated"]
            reason = ("Signal:%d" % t["signal"]) if t.get("signal") else ("ExitCode:%d" % t.get("exitCode", 0))
        elif cs.get("ready") and "running" in state:
            has_running = True
            ready += 1
    if reason == "Completed" and has_running:
        reason = "Running"
    if pod["metadata"].get("deletionTimestamp"):
        reason = "Terminating"
    restarts_text = str(restarts)
    if restarts and last_restart is not None:
        restarts_text = "%d (%s ago)" % (restarts, human_duration(now - last_restart))
    ips = st.get("podIPs", [])
    return [
        pod["metadata"]["name"],
        "%d/%d" % (ready, total),
        reason,
        restarts_text,
        since(pod["metadata"].get("creationTimestamp"), now),
        ips[0]["ip"] if ips else "<none>",
        pod["spec"].get("nodeName") or "<none>",
        st.get("nominatedNodeName") or "<none>",
        "<none>",
    ]


STATEFULSET_COLUMNS = [
    _col("Name", fmt="name", description=_NAME_DOC),
    _col("Ready", description="Number of the pod with ready state"),
    _col("Age", description=_AGE_DOC),
    _col("Containers", priority=1, description="Names of each container in the template."),
    _col("Images", priority=1, description="Images referenced by each container in the template."),
]


def statefulset_row(obj, now):
    names, images = _containers(obj)
    return [obj["metadata"]["name"],
            "%d/%d" % (obj["status"].get("readyReplicas", 0), obj["spec"].get("replicas", 1)),
            since(obj["metadata"].get("creationTimestamp"), now), names, images]


DEPLOYMENT_COLUMNS = [
    _col("Name", fmt="name", description=_NAME_DOC),
    _col("Ready", description="Number of the pod with ready state"),
    _col("Up-to-date", "integer", description="Total number of non-terminated pods targeted by this deployment "
                                              "that have the desired template spec."),
    _col("Available", "integer", description="Total number of available pods (ready for at least minReadySeconds) "
                                             "targeted by this deployment."),
    _col("Age", description=_AGE_DOC),
    _col("Containers", priority=1, description="Names of each container in the template."),
    _col("Images", priority=1, description="Images referenced by each container in the template."),
    _col("Selector", priority=1, description="Label selector for pods. Existing ReplicaSets whose pods are selected "
                                             "by this will be the ones affected by this deployment."),
]


def deployment_row(obj, now):
    names, images = _containers(obj)
    st = obj["status"]
    return [obj["metadata"]["name"],
            "%d/%d" % (st.get("readyReplicas", 0), obj["spec"].get("replicas", 1)),
            st.get("updatedReplicas", 0), st.get("availableReplicas", 0),
            since(obj["metadata"].get("creationTimestamp"), now), names, images, _selector(obj)]


REPLICASET_COLUMNS = [
    _col("Name", fmt="name", description=_NAME_DOC),
    _col("Desired", "integer", description="Replicas is the number of desired pods."),
    _col("Current", "integer", description="Replicas is the most recently observed number of replicas."),
    _col("Ready", "integer", description="The number of ready replicas for this replica set."),
    _col("Age", description=_AGE_DOC),
    _col("Containers", priority=1, description="Names of each container in the template."),
    _col("Images", priority=1, description="Images referenced by each container in the template."),
    _col("Selector", priority=1, description="Selector is a label query over pods that should match the replica "
                                             "count."),
]


def replicaset_row(obj, now):
    names, images = _containers(obj)
    st = obj["status"]
    return [obj["metadata"]["name"], obj["spec"].get("replicas", 1), st.get("replicas", 0),
            st.get("readyReplicas", 0), since(obj["metadata"].get("creationTimestamp"), now),
            names, images, _selector(obj)]


EVENT_COLUMNS = [
    _col("Last Seen", description="Time when this Event was last observed."),
    _col("Type", description="Type of this event (Normal, Warning), new types could be added in the future"),
    _col("Reason", description="This should be a short, machine understandable string that gives the reason for "
                               "the transition into the object's current status."),
    _col("Object", description="The object that this event is about."),
    _col("Subobject", priority=1, description="If the event is about a container, the field path of it."),
    _col("Source", priority=1, description="The component reporting this event."),
    _col("Message", description="A human-readable description of the status of this operation."),
    _col("First Seen", priority=1, description="The time at which the event was first recorded."),
    _col("Count", priority=1, description="The number of times this event has occurred."),
    _col("Name", priority=1, fmt="name", description=_NAME_DOC),
]


def event_row(ev, now):
    first = since(ev.get("firstTimestamp"), now)
    last = since(ev.get("lastTimestamp"), now) if ev.get("lastTimestamp") else first
    count = ev.get("count", 0)
    if count > 1:
        last = "%s (x%d over %s)" % (last, count, first)
    inv = ev.get("involvedObject", {})
    target = "%s/%s" % (inv.get("kind", "").lower(), inv["name"]) if inv.get("name") else inv.get("kind", "").lower()
    src = ev.get("source", {})
    source = src.get("component", "")
    if src.get("host"):
        source += ", " + src["host"]
    return [last, ev.get("type", ""), ev.get("reason", ""), target, inv.get("fieldPath", ""), source,
            ev.get("message", "").strip(), first, count, ev["metadata"]["name"]]


SERVICE_COLUMNS = [
    _col("Name", fmt="name", description=_NAME_DOC),
    _col("Type", description="How the Service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName."),
    _col("Cluster-IP", description="The Service's virtual IP inside the cluster; None for a headless Service."),
    _col("External-IP", description="Addresses outside the cluster that also reach the Service."),
    _col("Port(s)", description="The ports the Service exposes, with their protocol."),
    _col("Age", description=_AGE_DOC),
    _col("Selector", priority=1, description="The pod labels that pick the Service's endpoints."),
]


def service_row(svc, now):
    """printService: the first clusterIP, <none> without external IPs, ports as
    PORT/PROTO (PORT:NODEPORT/PROTO with a node port), the selector for -o wide."""
    spec = svc["spec"]
    ips = spec.get("clusterIPs") or []
    external = spec.get("externalIPs") or []
    ports = []
    for p in spec.get("ports", []):
        if p.get("nodePort"):
            ports.append("%d:%d/%s" % (p["port"], p["nodePort"], p.get("protocol", "TCP")))
        else:
            ports.append("%d/%s" % (p["port"], p.get("protocol", "TCP")))
    selector = spec.get("selector") or {}
    return [svc["metadata"]["name"], spec.get("type", "ClusterIP"), ips[0] if ips else "<none>",
            ",".join(external) or "<none>", ",".join(ports) or "<none>",
            since(svc["metadata"].get("creationTimestamp"), now),
            ",".join("%s=%s" % kv for kv in sorted(selector.items())) or "<none>"]


NODE_COLUMNS = [
    _col("Name", fmt="name", description=_NAME_DOC),
    _col("Status", description="The status of the node"),
    _col("Roles", description="The roles of the node"),
    _col("Age", description=_AGE_DOC),
    _col("Version", description="Kubelet Version reported by the node."),
    _col("Internal-IP", priority=1, description="List of addresses reachable to the node. Queried from cloud "
                                                "provider, if available."),
    _col("External-IP", priority=1, description="List of addresses reachable to the node. Queried from cloud "
                                                "provider, if available."),
    _col("OS-Image", priority=1, description="OS Image reported by the node from /etc/os-release (e.g. Debian "
                                             "GNU/Linux 7 (wheezy))."),
    _col("Kernel-Version", priority=1, description="Kernel Version reported by the node from 'uname -r' (e.g. "
                                                   "3.16.0-0.bpo.4-amd64)."),
    _col("Container-Runtime", priority=1, description="ContainerRuntime Version reported by the node through "
                                                      "runtime remote API (e.g. containerd://1.4.2)."),
]


def node_row(node, now):
    """printNode: Ready or NotReady (Unknown without the condition), SchedulingDisabled
    when cordoned; roles from node-role.kubernetes.io/* labels and kubernetes.io/role."""
    st = node.get("status", {})
    ready = next((c for c in st.get("conditions", []) if c["type"] == "Ready"), None)
    status = ["Unknown"] if ready is None else ["Ready" if ready["status"] == "True" else "NotReady"]
    if node.get("spec", {}).get("unschedulable"):
        status.append("SchedulingDisabled")
    labels = node["metadata"].get("labels", {})
    roles = {k[len("node-role.kubernetes.io/"):] for k in labels if k.startswith("node-role.kubernetes.io/")}
    if labels.get("kubernetes.io/role"):
        roles.add(labels["kubernetes.io/role"])
    roles.discard("")
    info = st.get("nodeInfo", {})

    def address(kind):
        return next((a["address"] for a in st.get("addresses", []) if a["type"] == kind), "<none>")

    return [node["metadata"]["name"], ",".join(status), ",".join(sorted(roles)) or "<none>",
            since(node["metadata"].get("creationTimestamp"), now), info.get("kubeletVersion", ""),
            address("InternalIP"), address("ExternalIP"), info.get("osImage") or "<unknown>",
            info.get("kernelVersion") or "<unknown>", info.get("containerRuntimeVersion") or "<unknown>"]


DEFAULT_COLUMNS = [_col("Name", fmt="name", description=_NAME_DOC), _col("Age", description=_AGE_DOC)]


def default_row(obj, now):
    return [obj["metadata"]["name"], since(obj["metadata"].get("creationTimestamp"), now)]


PRINTERS = {
    "pods": (POD_COLUMNS, pod_row),
    "statefulsets": (STATEFULSET_COLUMNS, statefulset_row),
    "deployments": (DEPLOYMENT_COLUMNS, deployment_row),
    "replicasets": (REPLICASET_COLUMNS, replicaset_row),
    "events": (EVENT_COLUMNS, event_row),
    "services": (SERVICE_COLUMNS, service_row),
    "nodes": (NODE_COLUMNS, node_row),
}


def partial_metadata(obj):
    return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": obj["metadata"]}


def table(resource, items, list_meta, include_object="Metadata", headers=True):
    columns, row = PRINTERS.get(resource, (DEFAULT_COLUMNS, default_row))
    now = time.time()
    rows = []
    for obj in items:
        r = {"cells": row(obj, now)}
        if include_object == "Object":
            r["object"] = obj
        elif include_object != "None":
            r["object"] = partial_metadata(obj)
        rows.append(r)
    t = {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": list_meta}
    # Watches send the column definitions with the first event only, as the
    # API server does (later events are encoded with NoHeaders).
    t["columnDefinitions"] = columns if headers else None
    t["rows"] = rows
    return t
