"""Query parameters as the API server reads them."""

from .errors import ApiError


def one(query, key):
    v = query.get(key)
    return v[0] if v else None


def flag(query, key):
    return (one(query, key) or "").lower() in ("1", "true")


def integer(query, key):
    v = one(query, key)
    if v in (None, ""):
        return None
    try:
        return int(v)
    except ValueError:
        raise ApiError(400, "BadRequest", "%s: Invalid value: \"%s\": must be an integer" % (key, v))
