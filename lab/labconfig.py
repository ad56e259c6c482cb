#!/usr/bin/env python3
"""Writes DIR/infratop.yaml, infratop's config file for the lab, which
`scripts/lab args` passes with --config:

- redis.passwordFile: the lab's Redis password file, so no flag carries it;
- mongodb.url and passwordFile: the stand-in's user (it runs as mongod --auth) and its
  password file; the host is the Service's name, reached as any other;
- kafka.firstBrokerId: the mock numbers its brokers from 1 (kafka-0 is broker 1);
- kafka.groups: the consumer groups, which the Debian mock cannot list.

Nothing in it says where the servers are: infratop finds them as on a laptop
pointed at a cluster (Services, pods, the API's port-forward), or from the
flags of `scripts/lab args --direct`.

  labconfig.py DIR
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def quoted(text):
    return json.dumps(text)  # a JSON string is a valid YAML scalar, whatever the path holds


def render(directory, lab):
    lines = ["# Written by scripts/lab up for infratop against the lab (scripts/lab args passes it)."]
    password = os.path.join(directory, "redis-password")
    if os.path.exists(password):
        lines += ["redis:",
                  "  # e-commerce-saga's Redis asks for a password (requirepass); the lab's is in this file.",
                  "  passwordFile: %s" % quoted(password)]
    password = os.path.join(directory, "mongodb-password")
    if os.path.exists(password):
        lines += ["mongodb:",
                  "  # The stand-in answers as mongod --auth: serverStatus needs the user infratop's login.",
                  "  url: \"mongodb://infratop@mongodb:27017\"",
                  "  passwordFile: %s" % quoted(password)]
    lines += ["kafka:",
              "  # librdkafka's mock cluster numbers brokers from 1: broker.id = ordinal + %d." % lab["firstBrokerId"],
              "  firstBrokerId: %d" % lab["firstBrokerId"],
              "  # The Debian mock cannot list groups (no ListGroups), so name them.",
              "  groups: [%s]" % ", ".join(sorted(lab["groups"]))]
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    directory = os.path.abspath(argv[1])
    with open(os.path.join(HERE, "kafka.json")) as f:
        lab = json.load(f)
    tmp = os.path.join(directory, "infratop.yaml.tmp")
    with open(tmp, "w") as f:
        f.write(render(directory, lab))
    os.replace(tmp, os.path.join(directory, "infratop.yaml"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
