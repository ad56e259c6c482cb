#!/usr/bin/env python3
"""A client.authentication.k8s.io/v1 exec credential plugin for the lab.

kubectl (and infratop) run it and read the ExecCredential it prints. The
token comes from the file named by LAB_EXEC_TOKEN_FILE; the expiry is short
so clients exercise refreshing. LAB_EXEC_EXPIRY_SECONDS overrides it.
"""

import datetime
import json
import os
import sys


def main():
    path = os.environ.get("LAB_EXEC_TOKEN_FILE")
    if not path:
        sys.stderr.write("LAB_EXEC_TOKEN_FILE is not set; the lab's exec.kubeconfig sets it.\n")
        return 1
    try:
        with open(path) as f:
            token = f.read().strip()
    except OSError as e:
        sys.stderr.write("Cannot read the lab exec token (%s); run scripts/lab up.\n" % e.strerror)
        return 1
    seconds = int(os.environ.get("LAB_EXEC_EXPIRY_SECONDS", "600"))
    expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    api_version = "client.authentication.k8s.io/v1"
    info = os.environ.get("KUBERNETES_EXEC_INFO")
    if info:
        try:
            api_version = json.loads(info).get("apiVersion", api_version)
        except ValueError:
            pass
    json.dump({
        "kind": "ExecCredential",
        "apiVersion": api_version,
        "spec": {},
        "status": {"token": token, "expirationTimestamp": expiry.strftime("%Y-%m-%dT%H:%M:%SZ")},
    }, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
