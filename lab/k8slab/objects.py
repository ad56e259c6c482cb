"""Helpers that give generated objects the identity real ones have:
stable uids, hash-suffixed names, and the API's habit of omitting empty fields."""

import hashlib
import uuid

# The alphabet Kubernetes uses for generated suffixes (no vowels, no 0/1/3).
_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"

_UID_NAMESPACE = uuid.UUID("6f1c2a3e-9d4b-4f0a-8e7c-5b2d1a0c9e8f")


def uid(*parts):
    """Stable across lab restarts, so test expectations and docs can name them."""
    return str(uuid.uuid5(_UID_NAMESPACE, "/".join(parts)))


def suffix(length, *parts):
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    return "".join(_ALPHANUMS[b % len(_ALPHANUMS)] for b in digest[:length])


def hexsuffix(*parts):
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:16]


def prune(value):
    """Drop None, empty strings, empty lists and empty maps, as Go's
    `omitempty` does when the API server serialises. Zero numbers and False
    stay: where the API omits those, builders leave them out themselves."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = prune(v)
            if v is None or v == "" or v == [] or v == {}:
                continue
            out[k] = v
        return out
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


def owner_ref(kind, name, owner_uid):
    return {
        "apiVersion": "apps/v1",
        "kind": kind,
        "name": name,
        "uid": owner_uid,
        "controller": True,
        "blockOwnerDeletion": True,
    }


def qos_class(containers):
    """status.qosClass from the containers' resources, as the API server derives it:
    BestEffort without any request or limit, Guaranteed when every container limits
    cpu and memory and requests what it limits, Burstable otherwise."""
    any_set = False
    guaranteed = True
    for c in containers:
        res = c.get("resources") or {}
        requests, limits = res.get("requests") or {}, res.get("limits") or {}
        if requests or limits:
            any_set = True
        for name in ("cpu", "memory"):
            if name not in limits or requests.get(name, limits[name]) != limits[name]:
                guaranteed = False
    if not any_set:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"
