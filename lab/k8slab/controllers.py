"""What the workload controllers would write into status: counts of
ready pods for StatefulSets, ReplicaSets and Deployments, recomputed when a
pod changes so watches of those kinds see MODIFIED too."""

import json


def owned_pods(store, namespace, owner_kind, owner_name):
    pods, _ = store.snapshot("pods", namespace)  # only read
    return [p for p in pods
            if any(o["kind"] == owner_kind and o["name"] == owner_name
                   for o in p["metadata"].get("ownerReferences", []))]


def pod_ready(pod):
    return any(c["type"] == "Ready" and c["status"] == "True" for c in pod["status"].get("conditions", []))


def statefulset_status(store, sts):
    """Status as the StatefulSet controller reports it from its pods."""
    pods = owned_pods(store, sts["metadata"]["namespace"], "StatefulSet", sts["metadata"]["name"])
    ready = sum(1 for p in pods if pod_ready(p))
    st = sts["status"]
    st["replicas"] = len(pods)
    st["currentReplicas"] = len(pods)
    st["updatedReplicas"] = len(pods)
    # The API omits zero counts (omitempty), and kubectl prints 0 for them.
    for key, value in (("readyReplicas", ready), ("availableReplicas", ready)):
        if value:
            st[key] = value
        else:
            st.pop(key, None)


def replicaset_status(store, rs):
    pods = owned_pods(store, rs["metadata"]["namespace"], "ReplicaSet", rs["metadata"]["name"])
    ready = sum(1 for p in pods if pod_ready(p))
    st = rs["status"]
    st["replicas"] = len(pods)
    st["fullyLabeledReplicas"] = len(pods)
    for key in ("readyReplicas", "availableReplicas"):
        if ready:
            st[key] = ready
        else:
            st.pop(key, None)


def deployment_status(dep, rs):
    """Counts and the Available/Progressing conditions `kubectl describe` shows."""
    st = dep["status"]
    rst = rs["status"]
    desired = dep["spec"]["replicas"]
    ready = rst.get("readyReplicas", 0)
    st["replicas"] = rst["replicas"]
    st["updatedReplicas"] = rst["replicas"]
    for key in ("readyReplicas", "availableReplicas"):
        if ready:
            st[key] = ready
        else:
            st.pop(key, None)
    if desired - ready > 0:
        st["unavailableReplicas"] = desired - ready
    else:
        st.pop("unavailableReplicas", None)
    created = dep["metadata"]["creationTimestamp"]
    if ready >= desired:
        available = {"type": "Available", "status": "True", "lastUpdateTime": created,
                     "lastTransitionTime": created, "reason": "MinimumReplicasAvailable",
                     "message": "Deployment has minimum availability."}
        progressing = {"type": "Progressing", "status": "True", "lastUpdateTime": created,
                       "lastTransitionTime": created, "reason": "NewReplicaSetAvailable",
                       "message": 'ReplicaSet "%s" has successfully progressed.' % rs["metadata"]["name"]}
    else:
        available = {"type": "Available", "status": "False", "lastUpdateTime": created,
                     "lastTransitionTime": created, "reason": "MinimumReplicasUnavailable",
                     "message": "Deployment does not have minimum availability."}
        progressing = {"type": "Progressing", "status": "False", "lastUpdateTime": created,
                       "lastTransitionTime": created, "reason": "ProgressDeadlineExceeded",
                       "message": 'ReplicaSet "%s" has timed out progressing.' % rs["metadata"]["name"]}
    st["conditions"] = [available, progressing]


def refresh_owners(store, pod):
    """Recompute the controller chain above a pod after it changed."""
    ns = pod["metadata"]["namespace"]
    for ref in pod["metadata"].get("ownerReferences", []):
        if ref["kind"] == "StatefulSet":
            sts = store.get("statefulsets", ns, ref["name"])
            if sts:
                before = json.dumps(sts["status"], sort_keys=True)
                statefulset_status(store, sts)
                if json.dumps(sts["status"], sort_keys=True) != before:
                    store.put("statefulsets", sts)
        elif ref["kind"] == "ReplicaSet":
            rs = store.get("replicasets", ns, ref["name"])
            if not rs:
                continue
            before = json.dumps(rs["status"], sort_keys=True)
            replicaset_status(store, rs)
            if json.dumps(rs["status"], sort_keys=True) != before:
                store.put("replicasets", rs)
            for dref in rs["metadata"].get("ownerReferences", []):
                dep = store.get("deployments", ns, dref["name"])
                if dep:
                    before = json.dumps(dep["status"], sort_keys=True)
                    deployment_status(dep, rs)
                    if json.dumps(dep["status"], sort_keys=True) != before:
                        store.put("deployments", dep)
