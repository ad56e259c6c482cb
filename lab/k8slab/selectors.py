"""labelSelector and fieldSelector, enough of their grammar for clients that
narrow a list or watch (equality, inequality, set-based, existence), and the
field labels the API server supports per kind."""

import re

from .errors import ApiError

_SPLIT = re.compile(r",(?![^()]*\))")
_SET = re.compile(r"^\s*([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)\s*$")


def _label_matcher(text):
    if not text:
        return lambda labels: True
    tests = []
    for term in _SPLIT.split(text):
        term = term.strip()
        if not term:
            continue
        m = _SET.match(term)
        if m:
            key, op, values = m.group(1), m.group(2), {v.strip() for v in m.group(3).split(",")}
            if op == "in":
                tests.append(lambda l, k=key, vs=values: l.get(k) in vs)
            else:
                tests.append(lambda l, k=key, vs=values: l.get(k) not in vs)
        elif "!=" in term:
            k, v = (s.strip() for s in term.split("!=", 1))
            tests.append(lambda l, k=k, v=v: l.get(k) != v)
        elif "=" in term:
            k, v = (s.strip() for s in term.replace("==", "=").split("=", 1))
            tests.append(lambda l, k=k, v=v: l.get(k) == v)
        elif term.startswith("!"):
            tests.append(lambda l, k=term[1:].strip(): k not in l)
        elif re.match(r"^[\w./-]+$", term):
            tests.append(lambda l, k=term: k in l)
        else:
            raise ApiError(400, "BadRequest", "unable to parse requirement: %s" % term)
    return lambda labels: all(t(labels) for t in tests)


def _path(obj, path):
    cur = obj
    for part in path.split("."):
        if not isinstance(cur, dict):
            return ""
        cur = cur.get(part, "")
    return "" if cur is None else str(cur)


def _flag(value):
    return "true" if value is True else "false"


def _pod_ip(pod):
    ips = pod.get("status", {}).get("podIPs") or []
    return ips[0].get("ip", "") if ips else ""


def _event_source(ev):
    return ev.get("source", {}).get("component") or ev.get("reportingComponent", "")


# The field labels the API server accepts per kind (pkg/apis/core/v1/conversion.go) and how it
# reads each from an object (the registries' selectable field sets). A label may be accepted but
# not selectable (status.podIPs): it then reads as "". Kinds without their own conversion (the
# apps kinds) accept metadata.name and metadata.namespace only, with another error message.
_POD_FIELDS = {
    "metadata.name": None, "metadata.namespace": None, "spec.nodeName": None, "spec.restartPolicy": None,
    "spec.schedulerName": None, "spec.serviceAccountName": None,
    "spec.hostNetwork": lambda o: _flag(o.get("spec", {}).get("hostNetwork")),
    "status.phase": None, "status.podIP": _pod_ip, "status.podIPs": lambda o: "",
    "status.nominatedNodeName": None,
}
FIELDS = {
    "pods": _POD_FIELDS,
    "nodes": {"metadata.name": None, "spec.unschedulable": lambda o: _flag(o.get("spec", {}).get("unschedulable"))},
    "events": dict({k: None for k in (
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
        "reportingComponent", "type", "metadata.namespace", "metadata.name")}, source=_event_source),
    "namespaces": {"status.phase": None, "metadata.name": None},
    "secrets": {"type": None, "metadata.namespace": None, "metadata.name": None},
    "services": {"metadata.namespace": None, "metadata.name": None, "spec.clusterIP": None, "spec.type": None},
}
# Old clients' names for a field.
_ALIASES = {"pods": {"spec.host": "spec.nodeName"}}
_META_ONLY = {"metadata.name": None, "metadata.namespace": None}


def _getter(resource, label):
    """How to read `label` from an object of `resource`, or 400 as the API server's
    field label conversion answers a label it does not know."""
    if resource is None:  # no kind given (unit tests): any dotted path
        return lambda o: _path(o, label)
    label = _ALIASES.get(resource, {}).get(label, label)
    fields = FIELDS.get(resource)
    if fields is None:
        if label not in _META_ONLY:
            raise ApiError(400, "BadRequest", '"%s" is not a known field selector: only "metadata.name", '
                                              '"metadata.namespace"' % label)
        return lambda o: _path(o, label)
    if label not in fields:
        raise ApiError(400, "BadRequest", "field label not supported: %s" % label)
    return fields[label] or (lambda o: _path(o, label))


def _split_terms(text):
    """fields.splitTerms: commas not escaped by a backslash separate terms."""
    terms, start, escaped = [], 0, False
    for i, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            terms.append(text[start:i])
            start = i + 1
    terms.append(text[start:])
    return terms


def _unescape(value):
    """fields.UnescapeValue: \\\\, \\, and \\= stand for themselves; a bare , or = is an error."""
    out, escaped = [], False
    for ch in value:
        if escaped:
            if ch not in "\\,=":
                raise ApiError(400, "BadRequest", "invalid field selector: invalid escape sequence: \\%s" % ch)
            out.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in ",=":
            raise ApiError(400, "BadRequest", "invalid field selector: unescaped character in value: %d" % ord(ch))
        else:
            out.append(ch)
    if escaped:
        raise ApiError(400, "BadRequest", "invalid field selector: invalid escape sequence: \\")
    return "".join(out)


def _field_matcher(text, resource=None):
    """fields.ParseSelector, then the kind's field label conversion: terms (sorted, as the
    parser sorts them, so the first bad label reported is the same) joined by AND, each
    `field=value`, `field==value` or `field!=value`; the field is split at the first operator
    and not trimmed, as the API server does."""
    if not text:
        return lambda obj: True
    tests = []
    for term in sorted(_split_terms(text)):
        if term == "":
            continue
        for i in range(len(term)):
            op = next((o for o in ("!=", "==", "=") if term.startswith(o, i)), None)
            if op:
                field, value = term[:i], term[i + len(op):]
                break
        else:
            raise ApiError(400, "BadRequest", "invalid selector: '%s'; can't understand '%s'" % (text, term))
        value = _unescape(value)
        get = _getter(resource, field)
        if op == "!=":
            tests.append(lambda o, g=get, v=value: g(o) != v)
        else:
            tests.append(lambda o, g=get, v=value: g(o) == v)
    return lambda obj: all(t(obj) for t in tests)


def matcher(label_selector, field_selector, resource=None):
    """A test of label and field selectors for objects of `resource` (a plural such as
    "pods"); unknown field labels for that resource are a 400, as on the API server."""
    labels = _label_matcher(label_selector)
    fields = _field_matcher(field_selector, resource)
    return lambda obj: labels(obj["metadata"].get("labels", {})) and fields(obj)
