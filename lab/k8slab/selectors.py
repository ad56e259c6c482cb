"""labelSelector and fieldSelector, enough of their grammar for clients that
narrow a list or watch (equality, inequality, set-based, existence)."""

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


def _field(obj, path):
    cur = obj
    for part in path.split("."):
        if not isinstance(cur, dict):
            return ""
        cur = cur.get(part, "")
    return "" if cur is None else str(cur)


def _field_matcher(text):
    if not text:
        return lambda obj: True
    tests = []
    for term in text.split(","):
        term = term.strip()
        if "!=" in term:
            k, v = term.split("!=", 1)
            tests.append(lambda o, k=k, v=v: _field(o, k) != v)
        elif "=" in term:
            k, v = term.replace("==", "=").split("=", 1)
            tests.append(lambda o, k=k, v=v: _field(o, k) == v)
        else:
            raise ApiError(400, "BadRequest", "invalid selector: '%s'; can't understand '%s'" % (text, term))
    return lambda obj: all(t(obj) for t in tests)


def matcher(label_selector, field_selector):
    labels = _label_matcher(label_selector)
    fields = _field_matcher(field_selector)
    return lambda obj: labels(obj["metadata"].get("labels", {})) and fields(obj)
