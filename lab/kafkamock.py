#!/usr/bin/env python3
"""Drives the lab's librdkafka mock cluster (Tests/IntegrationTests/Fixtures/
kafka_mock_cluster.c.txt) through the FIFO its stdin is attached to.

  kafkamock.py send DIR COMMAND...   one harness command; prints its answer,
                                     exits 1 on ERR (e.g. "up 2": kafka-1's broker returns)
  kafkamock.py args                  the harness's arguments: <brokers> <topic>:<partitions>:<replication>...
  kafkamock.py setup DIR             brings the fresh cluster into the scenario (lab/kafka.json,
                                     lab/scenario.json) and writes DIR/kafka/znodes.json (what
                                     ZooKeeper holds for it), DIR/kafka/bootstrap (the live
                                     brokers) and DIR/kafka/brokers.json (every broker's address
                                     by id, up or down: the API stand-in's port-forwards use it)

DIR is the lab's state directory; the harness reads DIR/kafka/in and writes DIR/kafka/out.
Python 3 standard library only.
"""

import base64
import errno
import fcntl
import hashlib
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class HarnessError(Exception):
    pass


def send(directory, command, timeout=30):
    """Writes one command line and returns the lines of its answer, the last being OK."""
    kafka = os.path.join(directory, "kafka")
    with open(os.path.join(kafka, "lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        out_path = os.path.join(kafka, "out")
        start = os.path.getsize(out_path)
        try:
            # Non-blocking: with no harness reading, this fails at once instead of hanging.
            fd = os.open(os.path.join(kafka, "in"), os.O_WRONLY | os.O_NONBLOCK)
        except OSError as error:
            if error.errno in (errno.ENXIO, errno.ENOENT):
                raise HarnessError("the Kafka mock is not running; run scripts/lab up")
            raise
        try:
            os.write(fd, (command.strip() + "\n").encode())
        finally:
            os.close(fd)
        deadline = time.time() + timeout
        lines = []
        with open(out_path) as out:
            out.seek(start)
            pending = ""
            while time.time() < deadline:
                chunk = out.read()
                if not chunk:
                    time.sleep(0.02)
                    continue
                pending += chunk
                while "\n" in pending:
                    line, pending = pending.split("\n", 1)
                    lines.append(line)
                    if line == "OK":
                        return lines
                    if line.startswith("ERR"):
                        raise HarnessError("the Kafka mock answered %r with %r" % (command, line))
        raise HarnessError("the Kafka mock did not answer %r within %d s; see %s/harness.log" % (command, timeout, kafka))


def topic_id(name):
    """A stable topic id, written as Kafka writes Uuids: URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(("e-commerce-saga/" + name).encode()).digest()[:16]).decode().rstrip("=")


def running_ordinals(scenario):
    kafka = next(s for s in scenario["statefulsets"] if s["name"] == "kafka")
    ordinals = [i for i, pod in enumerate(kafka["pods"]) if pod.get("state") == "running"]
    return kafka["replicas"], ordinals


def setup(directory):
    with open(os.path.join(HERE, "kafka.json")) as f:
        lab = json.load(f)
    with open(os.path.join(HERE, "scenario.json")) as f:
        scenario = json.load(f)
    first = lab["firstBrokerId"]
    replicas, ordinals = running_ordinals(scenario)
    live = [first + ordinal for ordinal in ordinals]
    down = [first + ordinal for ordinal in range(replicas) if ordinal not in ordinals]

    # History first, while every broker is up: messages produced, offsets committed.
    for group in lab["groups"]:
        send(directory, "coordinator %s %d" % (group, live[0]))
    for topic in lab["topics"]:
        for partition, count in enumerate(topic["messages"]):
            send(directory, "produce %s %d %d" % (topic["name"], partition, count))
    for group, topics in sorted(lab["groups"].items()):
        for name, offsets in sorted(topics.items()):
            for partition, offset in enumerate(offsets):
                send(directory, "commit %s %s %d %d" % (group, name, partition, offset))

    # Then the scenario: the brokers of pods that do not run are down, their leaderships moved.
    brokers, partitions = {}, {}
    for line in send(directory, "metadata"):
        words = line.split()
        if words[:1] == ["BROKER"]:
            brokers[int(words[1])] = words[2]
        elif words[:1] == ["PARTITION"]:
            partitions.setdefault(words[1], {})[int(words[2])] = [int(r) for r in words[4].split(",")]
    for broker in down:
        send(directory, "down %d" % broker)
    epochs = {}
    for name, assignment in sorted(partitions.items()):
        for partition, replica_list in sorted(assignment.items()):
            leader = next(r for r in replica_list if r in live)
            send(directory, "leader %s %d %d" % (name, partition, leader))
            epochs[(name, partition)] = 1 if replica_list[0] == leader else 2

    # What ZooKeeper holds for this cluster, as Kafka 3.x writes it (kafka.zk.ZkData).
    def registration(broker):
        host, port = brokers[broker].rsplit(":", 1)
        return ["/brokers/ids/%d" % broker, {
            "features": {}, "listener_security_protocol_map": {"PLAINTEXT": "PLAINTEXT"},
            "endpoints": ["PLAINTEXT://%s" % brokers[broker]], "jmx_port": -1,
            "port": int(port), "host": host, "version": 5, "timestamp": "0",
        }]

    ephemeral, persistent = [registration(broker) for broker in live], []
    # What each down broker registers once it comes back ("scripts/lab kafka up 2").
    for broker in down:
        with open(os.path.join(directory, "kafka", "broker-%d.json" % broker), "w") as f:
            json.dump({"ephemeral": [registration(broker)]}, f, indent=1)
    ephemeral.append(["/controller", {"version": 2, "brokerid": live[0], "timestamp": "0", "kraftControllerEpoch": -1}])
    persistent.append(["/cluster/id", {"version": "1", "id": topic_id("cluster")}])
    persistent.append(["/controller_epoch", "1"])
    persistent.append(["/brokers/seqid", ""])
    for name, assignment in sorted(partitions.items()):
        persistent.append(["/brokers/topics/%s" % name, {
            "partitions": {str(p): r for p, r in sorted(assignment.items())},
            "topic_id": topic_id(name), "adding_replicas": {}, "removing_replicas": {}, "version": 3,
        }])
        for partition, replica_list in sorted(assignment.items()):
            leader = next(r for r in replica_list if r in live)
            # ZooKeeper's state says what the controller knows: only live brokers are in sync.
            # (The mock's own metadata always reports ISR = replicas.)
            persistent.append(["/brokers/topics/%s/partitions/%d/state" % (name, partition), {
                "controller_epoch": 1, "leader": leader, "version": 1,
                "leader_epoch": epochs[(name, partition)], "isr": [r for r in replica_list if r in live],
            }])
    kafka = os.path.join(directory, "kafka")
    with open(os.path.join(kafka, "znodes.json"), "w") as f:
        json.dump({"ephemeral": ephemeral, "persistent": persistent}, f, indent=1)
    with open(os.path.join(kafka, "bootstrap"), "w") as f:
        f.write(",".join(brokers[b] for b in live) + "\n")
    # kafka-N's port 9092 is broker N + firstBrokerId's listener; written last and atomically,
    # so a port-forward never reads half a file.
    with open(os.path.join(kafka, "brokers.json.tmp"), "w") as f:
        json.dump({str(b): address for b, address in sorted(brokers.items())}, f, indent=1)
    os.replace(os.path.join(kafka, "brokers.json.tmp"), os.path.join(kafka, "brokers.json"))


def harness_arguments():
    with open(os.path.join(HERE, "kafka.json")) as f:
        lab = json.load(f)
    with open(os.path.join(HERE, "scenario.json")) as f:
        replicas, _ = running_ordinals(json.load(f))
    return [str(replicas)] + ["%s:%d:%d" % (t["name"], len(t["messages"]), lab["replication"]) for t in lab["topics"]]


def main(argv):
    try:
        if len(argv) == 2 and argv[1] == "args":
            print(" ".join(harness_arguments()))
            return 0
        if len(argv) >= 4 and argv[1] == "send":
            for line in send(argv[2], " ".join(argv[3:])):
                print(line)
            return 0
        if len(argv) == 3 and argv[1] == "setup":
            setup(argv[2])
            return 0
    except HarnessError as error:
        print(error, file=sys.stderr)
        return 1
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
