"""Time formats exactly as the API server and kubectl print them."""

import datetime


def utc(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)


def rfc3339(ts):
    """metav1.Time: second precision, 'Z' suffix."""
    return utc(ts).strftime("%Y-%m-%dT%H:%M:%SZ")


def rfc3339_micro(ts):
    """metav1.MicroTime, used by eventTime."""
    return utc(ts).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def rfc3339_nano(ts):
    """The prefix the kubelet writes for `timestamps=true` (nanoseconds, Z)."""
    d = utc(ts)
    nanos = int(round((ts - int(ts)) * 1e9))
    if nanos >= 1_000_000_000:
        nanos = 999_999_999
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%09dZ" % nanos


def parse_rfc3339(text):
    """Accepts the forms clients send for sinceTime; returns epoch seconds."""
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    # Python 3.11 fromisoformat accepts up to microseconds; trim nanoseconds.
    if "." in text:
        head, _, rest = text.partition(".")
        digits = ""
        i = 0
        while i < len(rest) and rest[i].isdigit():
            digits += rest[i]
            i += 1
        text = head + "." + (digits[:6].ljust(6, "0")) + rest[i:]
    return datetime.datetime.fromisoformat(text).timestamp()


def human_duration(seconds):
    """Port of k8s.io/apimachinery/pkg/util/duration.HumanDuration, which
    kubectl's AGE and RESTARTS columns use: tests compare columns verbatim."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return "%ds" % s
    minutes = s // 60
    if minutes < 10:
        rest = s % 60
        return "%dm" % minutes if rest == 0 else "%dm%ds" % (minutes, rest)
    if minutes < 180:
        return "%dm" % minutes
    hours = s // 3600
    if hours < 8:
        m = minutes % 60
        return "%dh" % hours if m == 0 else "%dh%dm" % (hours, m)
    if hours < 48:
        return "%dh" % hours
    if hours < 24 * 8:
        h = hours % 24
        return "%dd" % (hours // 24) if h == 0 else "%dd%dh" % (hours // 24, h)
    if hours < 24 * 365 * 2:
        return "%dd" % (hours // 24)
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        years = hours // 24 // 365
        return "%dy" % years if dy == 0 else "%dy%dd" % (years, dy)
    return "%dy" % (hours // 24 // 365)
