#!/usr/bin/env python3
"""Writes one kubeconfig per auth mode into the run directory, plus
lab.kubeconfig holding every mode as a context.

The files vary how credentials are given (inline *-data fields in some,
file paths in others) because real kubeconfigs do both and clients must
read both.
"""

import base64
import json
import os
import sys

NAMESPACE = "e-commerce-saga"


def b64(path):
    with open(path, "rb") as f:
        return base64.b64encode(f.read()).decode()


def read(path):
    with open(path) as f:
        return f.read().strip()


def q(value):
    return json.dumps(value)  # a JSON string is a valid YAML scalar


def main():
    run = os.path.abspath(sys.argv[1])
    lab = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(run, "ports.json")) as f:
        ports = json.load(f)
    https = "https://127.0.0.1:%d" % ports["https"]
    http = "http://127.0.0.1:%d" % ports["http"]
    ca = os.path.join(run, "ca.crt")

    clusters = {
        "lab": ["    server: %s" % q(https), "    certificate-authority-data: %s" % b64(ca)],
        "lab-ca-file": ["    server: %s" % q(https), "    certificate-authority: %s" % q(ca)],
        "lab-http": ["    server: %s" % q(http)],
    }
    users = {
        "lab-token": ["    token: %s" % q(read(os.path.join(run, "token")))],
        "lab-cert": ["    client-certificate: %s" % q(os.path.join(run, "client.crt")),
                     "    client-key: %s" % q(os.path.join(run, "client.key"))],
        "lab-cert-data": ["    client-certificate-data: %s" % b64(os.path.join(run, "client.crt")),
                          "    client-key-data: %s" % b64(os.path.join(run, "client.key"))],
        "lab-exec": [
            "    exec:",
            "      apiVersion: client.authentication.k8s.io/v1",
            "      command: %s" % q(os.path.join(lab, "exec-credential.py")),
            "      env:",
            "      - name: LAB_EXEC_TOKEN_FILE",
            "        value: %s" % q(os.path.join(run, "exec-token")),
            "      interactiveMode: Never",
            "      provideClusterInfo: false",
        ],
        # The API server has not accepted basic auth since 1.19: this mode
        # exists so clients show the 401 a real cluster gives.
        "lab-basic": ["    username: %s" % q("lab-operator"),
                      "    password: %s" % q(read(os.path.join(run, "basic-password")))],
        "lab-restricted": ["    token: %s" % q(read(os.path.join(run, "restricted-token")))],
        # Reads what the operators read, but RBAC gives it no create on pods/portforward.
        "lab-noforward": ["    token: %s" % q(read(os.path.join(run, "noforward-token")))],
        # Reads everything but events: a Role that left them out.
        "lab-noevents": ["    token: %s" % q(read(os.path.join(run, "noevents-token")))],
        "lab-wrong-token": ["    token: %s" % q("not-a-lab-token")],
        # kubectl sends no credentials over http://; the lab's plain port
        # needs none (see lab/README.md).
        "lab-anonymous": ["    {}"],
    }
    modes = {
        # mode: (cluster, user)
        "token": ("lab", "lab-token"),
        "cert": ("lab-ca-file", "lab-cert"),
        "cert-data": ("lab", "lab-cert-data"),
        "exec": ("lab", "lab-exec"),
        "basic": ("lab", "lab-basic"),
        "restricted": ("lab", "lab-restricted"),
        "noforward": ("lab", "lab-noforward"),
        "noevents": ("lab", "lab-noevents"),
        "wrong-token": ("lab", "lab-wrong-token"),
        "http": ("lab-http", "lab-anonymous"),
    }

    def render(names, current):
        used_clusters = sorted({modes[n][0] for n in names})
        used_users = sorted({modes[n][1] for n in names})
        out = ["apiVersion: v1", "kind: Config", "clusters:"]
        for c in used_clusters:
            out += ["- name: %s" % c, "  cluster:"] + clusters[c]
        out.append("users:")
        for u in used_users:
            if users[u] == ["    {}"]:
                out += ["- name: %s" % u, "  user: {}"]
            else:
                out += ["- name: %s" % u, "  user:"] + users[u]
        out.append("contexts:")
        for n in names:
            cluster, user = modes[n]
            out += ["- name: lab-%s" % n, "  context:", "    cluster: %s" % cluster, "    user: %s" % user,
                    "    namespace: %s" % NAMESPACE]
        out += ["current-context: lab-%s" % current, "preferences: {}", ""]
        return "\n".join(out)

    old_umask = os.umask(0o077)  # kubeconfigs hold credentials
    try:
        for mode in modes:
            write(os.path.join(run, "%s.kubeconfig" % mode), render([mode], mode))
        write(os.path.join(run, "lab.kubeconfig"), render(list(modes), "token"))
    finally:
        os.umask(old_umask)


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
