"""Discovery documents. Only what the lab serves is advertised, with the
verbs it honours (get, list, watch; pods/portforward as the API server lists
it), plus secrets so that `kubectl get secrets` resolves and meets RBAC's 403
as it would for a read-only operator."""

READ = ["get", "list", "watch"]

CORE_RESOURCES = [
    {"name": "events", "singularName": "event", "namespaced": True, "kind": "Event", "verbs": READ,
     "shortNames": ["ev"]},
    {"name": "namespaces", "singularName": "namespace", "namespaced": False, "kind": "Namespace", "verbs": READ,
     "shortNames": ["ns"]},
    {"name": "nodes", "singularName": "node", "namespaced": False, "kind": "Node", "verbs": READ,
     "shortNames": ["no"]},
    {"name": "pods", "singularName": "pod", "namespaced": True, "kind": "Pod", "verbs": READ,
     "shortNames": ["po"], "categories": ["all"]},
    {"name": "pods/log", "singularName": "", "namespaced": True, "kind": "Pod", "verbs": ["get"]},
    {"name": "pods/portforward", "singularName": "", "namespaced": True, "kind": "PodPortForwardOptions",
     "verbs": ["create", "get"]},
    {"name": "secrets", "singularName": "secret", "namespaced": True, "kind": "Secret", "verbs": READ},
    {"name": "services", "singularName": "service", "namespaced": True, "kind": "Service", "verbs": READ,
     "shortNames": ["svc"], "categories": ["all"]},
]

APPS_RESOURCES = [
    {"name": "deployments", "singularName": "deployment", "namespaced": True, "kind": "Deployment",
     "verbs": READ, "shortNames": ["deploy"], "categories": ["all"]},
    {"name": "replicasets", "singularName": "replicaset", "namespaced": True, "kind": "ReplicaSet",
     "verbs": READ, "shortNames": ["rs"], "categories": ["all"]},
    {"name": "statefulsets", "singularName": "statefulset", "namespaced": True, "kind": "StatefulSet",
     "verbs": READ, "shortNames": ["sts"], "categories": ["all"]},
]

# resource -> (group, version, Kind, ListKind)
RESOURCES = {
    "pods": ("", "v1", "Pod"),
    "events": ("", "v1", "Event"),
    "namespaces": ("", "v1", "Namespace"),
    "nodes": ("", "v1", "Node"),
    "secrets": ("", "v1", "Secret"),
    "services": ("", "v1", "Service"),
    "deployments": ("apps", "v1", "Deployment"),
    "replicasets": ("apps", "v1", "ReplicaSet"),
    "statefulsets": ("apps", "v1", "StatefulSet"),
}


# Resources that live outside namespaces: /api/v1/nodes, never /api/v1/namespaces/x/nodes.
CLUSTER_SCOPED = {r["name"] for r in CORE_RESOURCES + APPS_RESOURCES if not r["namespaced"]}


def api_versions(server_address):
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}]}


def api_group_list():
    gv = {"groupVersion": "apps/v1", "version": "v1"}
    return {"kind": "APIGroupList", "apiVersion": "v1",
            "groups": [{"name": "apps", "versions": [gv], "preferredVersion": gv}]}


def resource_list(group_version):
    resources = CORE_RESOURCES if group_version == "v1" else APPS_RESOURCES
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources}


def _aggregated_resource(r, subresources):
    out = {"resource": r["name"], "responseKind": {"group": "", "version": "", "kind": r["kind"]},
           "scope": "Namespaced" if r["namespaced"] else "Cluster", "singularResource": r["singularName"],
           "verbs": r["verbs"]}
    if r.get("shortNames"):
        out["shortNames"] = r["shortNames"]
    if r.get("categories"):
        out["categories"] = r["categories"]
    if subresources:
        out["subresources"] = subresources
    return out


def aggregated(core):
    """apidiscovery.k8s.io/v2 APIGroupDiscoveryList for /api (core) or /apis."""
    def group(name, resources):
        subs = {}
        for r in resources:
            if "/" in r["name"]:
                parent, sub = r["name"].split("/", 1)
                subs.setdefault(parent, []).append(
                    {"subresource": sub, "responseKind": {"group": "", "version": "", "kind": r["kind"]},
                     "verbs": r["verbs"]})
        items = [_aggregated_resource(r, subs.get(r["name"])) for r in resources if "/" not in r["name"]]
        g = {"metadata": {"creationTimestamp": None},
             "versions": [{"version": "v1", "resources": items, "freshness": "Current"}]}
        if name:
            g["metadata"]["name"] = name
        return g

    items = [group("", CORE_RESOURCES)] if core else [group("apps", APPS_RESOURCES)]
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2",
            "metadata": {}, "items": items}


VERSION = {
    "major": "1",
    "minor": "32",
    "gitVersion": "v1.32.4",
    "gitCommit": "59526cd4867447956156ae3a602fcbac10a2c335",
    "gitTreeState": "clean",
    "buildDate": "2025-04-22T16:02:27Z",
    "goVersion": "go1.23.6",
    "compiler": "gc",
    "platform": "linux/amd64",
}
