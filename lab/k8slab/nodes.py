"""core/v1 Nodes as the kubelet registers them and keeps their status, with
what flannel and the cloud controller add (labels, annotations, providerID).

Capacity and allocatable come from scenario.json as the kubelet reports them
(allocatable = capacity - systemReserved - kubeReserved - hard eviction), so
`kubectl describe node` and a client doing the scheduler's arithmetic agree
with the FailedScheduling message.
"""

from . import objects
from .objects import prune, uid
from .timefmt import rfc3339

# The kubelet's condition wording (pkg/kubelet/nodestatus/setters.go), and flannel's.
CONDITIONS = [
    ("NetworkUnavailable", "False", "FlannelIsUp", "Flannel is running on this node"),
    ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
]


def node(sc, n, index):
    """The Node object for scenario node `n` (an entry of "nodes")."""
    pool = sc.data.get("nodePool", {})
    name = n["name"]
    created = sc.ago(n.get("age", sc.data["namespaceAge"] + 86400))
    arch = pool.get("architecture", "amd64")
    labels = {
        "beta.kubernetes.io/arch": arch,
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": arch,
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
    }
    if pool.get("instanceType"):
        labels["beta.kubernetes.io/instance-type"] = pool["instanceType"]
        labels["node.kubernetes.io/instance-type"] = pool["instanceType"]
    if pool.get("region"):
        labels["topology.kubernetes.io/region"] = pool["region"]
    if pool.get("zone"):
        labels["topology.kubernetes.io/zone"] = pool["zone"]
    mac = objects.hexsuffix("mac", name)[:12]
    annotations = {
        "alpha.kubernetes.io/provided-node-ip": n["ip"],
        "flannel.alpha.coreos.com/backend-data": '{"VNI":1,"VtepMAC":"%s"}' % ":".join(
            mac[i:i + 2] for i in range(0, 12, 2)),
        "flannel.alpha.coreos.com/backend-type": "vxlan",
        "flannel.alpha.coreos.com/kube-subnet-manager": "true",
        "flannel.alpha.coreos.com/public-ip": n["ip"],
        "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
    }
    cidr = "%s.0/24" % n["podCIDR"]
    # The kubelet refreshes an unchanged status every 5 minutes (nodeStatusReportFrequency).
    heartbeat = sc.start - 40 - 70 * index
    conditions = []
    for type_, status, reason, message in CONDITIONS:
        transition = created + (15 if type_ == "NetworkUnavailable" else 30 if type_ == "Ready" else 5)
        conditions.append({"type": type_, "status": status,
                           "lastHeartbeatTime": rfc3339(transition if type_ == "NetworkUnavailable" else heartbeat),
                           "lastTransitionTime": rfc3339(transition), "reason": reason, "message": message})
    obj = {
        "kind": "Node",
        "apiVersion": "v1",
        "metadata": {"name": name, "uid": uid("", "Node", name), "creationTimestamp": rfc3339(created),
                     "labels": labels, "annotations": annotations},
        "spec": {"podCIDR": cidr, "podCIDRs": [cidr],
                 "providerID": "openstack:///%s" % uid("instance", name) if pool.get("region") else None},
        "status": {
            "capacity": dict(n.get("capacity", {})),
            "allocatable": dict(n.get("allocatable", {})),
            "conditions": conditions,
            "addresses": [{"type": "InternalIP", "address": n["ip"]}, {"type": "Hostname", "address": name}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "machineID": objects.hexsuffix("machine", name) + objects.hexsuffix("machine-id", name),
                "systemUUID": uid("system", name),
                "bootID": uid("boot", name),
                "kernelVersion": pool.get("kernelVersion", ""),
                "osImage": pool.get("osImage", ""),
                "containerRuntimeVersion": pool.get("containerRuntimeVersion", ""),
                "kubeletVersion": pool.get("kubeletVersion", ""),
                "operatingSystem": "linux",
                "architecture": arch,
            },
        },
    }
    node = prune(obj)
    # NodeSystemInfo's fields have no omitempty: kubeProxyVersion, which kubelets no longer
    # fill in (DisableNodeKubeProxyVersion), is sent empty, and typed clients require it.
    node["status"]["nodeInfo"]["kubeProxyVersion"] = ""
    return node
