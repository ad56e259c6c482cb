"""The lab's ZooKeeper (Debian's), kafka-0's ephemeral registration and librdkafka's mock
Kafka cluster, checked with clients we did not write where there are some: ZooKeeper's
four-letter words and its own Java CLI, and a raw Kafka ApiVersions request."""

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import time
import unittest

from labfixture import RunningLab

HAVE_ZOOKEEPER = os.path.exists("/usr/share/java/zookeeper.jar") and shutil.which("java") is not None
HAVE_MOCK = os.path.exists("/usr/include/librdkafka/rdkafka_mock.h") and shutil.which("cc") is not None
CLASSPATH = "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar"


def read(path):
    with open(path) as f:
        return f.read()


def four_letter_word(port, word):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(word.encode())
        answer = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                return answer.decode()
            answer += chunk


def zookeeper_cli(port, *command):
    """ZooKeeper's own CLI: a client nobody here wrote."""
    r = subprocess.run(["java", "-Xmx64m", "-cp", CLASSPATH, "org.apache.zookeeper.ZooKeeperMain",
                        "-server", "127.0.0.1:%d" % port, *command],
                       capture_output=True, text=True, timeout=60)
    return r.stdout


def api_versions(host, port):
    """A Kafka ApiVersions v0 request; returns (error code, number of APIs)."""
    client = b"lab-test"
    body = struct.pack(">hhih", 18, 0, 7, len(client)) + client
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(struct.pack(">i", len(body)) + body)
        data = b""
        while len(data) < 4 or len(data) < 4 + struct.unpack(">i", data[:4])[0]:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    correlation, error, count = struct.unpack(">ihi", data[4:14])
    assert correlation == 7
    return error, count


@unittest.skipUnless(HAVE_ZOOKEEPER and HAVE_MOCK, "needs Debian's zookeeper and librdkafka-dev (and cc)")
class KafkaLabTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lab = RunningLab("--no-tick", kafka=True)
        cls.zk_port = int(read(os.path.join(cls.lab.dir, "zookeeper", "port")))

    @classmethod
    def tearDownClass(cls):
        cls.lab.stop()

    def args(self):
        # The lab servers' own addresses: what `args` prints without --direct goes through the API.
        words = self.lab.script("args", "--direct").stdout.split()
        return {words[i]: words[i + 1] for i in range(0, len(words) - 1, 2)}

    def test_zookeeper_is_standalone_and_answers_every_word(self):
        self.assertEqual(four_letter_word(self.zk_port, "ruok"), "imok")
        self.assertIn("Mode: standalone", four_letter_word(self.zk_port, "srvr"))
        self.assertIn("zk_server_state\tstandalone", four_letter_word(self.zk_port, "mntr"))
        self.assertEqual(self.args()["--zookeeper"], "127.0.0.1:%d" % self.zk_port)

    def test_kafka_0_is_registered_as_broker_1_by_an_ephemeral_znode(self):
        session = read(os.path.join(self.lab.dir, "zookeeper", "registered")).strip()
        # "dump" lists each session's ephemeral znodes, one tab-indented line each.
        block = four_letter_word(self.zk_port, "dump").split("ephemeral nodes dump:", 1)[1].split(session + ":\n", 1)[1]
        owned = []
        for line in block.splitlines():
            if not line.startswith("\t"):
                break
            owned.append(line.strip())
        self.assertEqual(sorted(owned), ["/brokers/ids/1", "/controller"])
        out = zookeeper_cli(self.zk_port, "get", "-s", "/brokers/ids/1")
        registration = json.loads(next(line for line in out.splitlines() if line.startswith("{")))
        bootstrap = self.args()["--kafka"]
        self.assertEqual(registration["endpoints"], ["PLAINTEXT://" + bootstrap])
        self.assertEqual(registration["version"], 5)
        self.assertGreater(int(registration["timestamp"]), 0)
        self.assertIn("ephemeralOwner = %s" % session, out)
        self.assertEqual(zookeeper_cli(self.zk_port, "ls", "/brokers/ids").strip().splitlines()[-1], "[1]")

    def test_topics_in_zookeeper_match_the_mocks_metadata(self):
        metadata = self.lab.script("kafka", "metadata").stdout.splitlines()
        brokers = [line.split()[1] for line in metadata if line.startswith("BROKER")]
        self.assertEqual(brokers, ["1", "2", "3"])
        partitions = [line.split() for line in metadata if line.startswith("PARTITION")]
        self.assertEqual(sorted({p[1] for p in partitions}), ["inventory", "notifications", "orders", "payments", "shipping"])
        self.assertEqual({p[3] for p in partitions}, {"1"})  # every leader on kafka-0's broker
        out = zookeeper_cli(self.zk_port, "get", "/brokers/topics/orders")
        topic = json.loads(next(line for line in out.splitlines() if line.startswith("{")))
        replicas = {p[2]: [int(r) for r in p[4].split(",")] for p in partitions if p[1] == "orders"}
        self.assertEqual(topic["partitions"], replicas)
        self.assertEqual(topic["version"], 3)
        out = zookeeper_cli(self.zk_port, "get", "/brokers/topics/orders/partitions/0/state")
        state = json.loads(next(line for line in out.splitlines() if line.startswith("{")))
        self.assertEqual((state["leader"], state["isr"]), (1, [1]))

    def test_only_kafka_0s_broker_answers(self):
        host, port = self.args()["--kafka"].rsplit(":", 1)
        error, count = api_versions(host, int(port))
        self.assertEqual(error, 0)
        self.assertGreater(count, 10)
        metadata = self.lab.script("kafka", "metadata").stdout.splitlines()
        for line in metadata:
            if line.startswith("BROKER") and line.split()[1] != "1":
                h, p = line.split()[2].rsplit(":", 1)
                with self.assertRaises(ConnectionRefusedError):
                    api_versions(h, int(p))

    def test_kafka_1s_broker_comes_back_and_registers_then_goes_again(self):
        metadata = self.lab.script("kafka", "metadata").stdout.splitlines()
        host, port = next(line.split()[2] for line in metadata if line.startswith("BROKER 2 ")).rsplit(":", 1)
        try:
            r = self.lab.script("kafka", "up", "2")
            self.assertEqual(r.stdout.splitlines()[0], "OK")
            self.assertIn("broker 2 registered in ZooKeeper", r.stdout)
            self.assertEqual(api_versions(host, int(port))[0], 0)
            self.assertIn("/brokers/ids/2", four_letter_word(self.zk_port, "dump"))
            self.assertIn("lab broker 2 registration in ZooKeeper held by pid", self.lab.script("status").stdout)
        finally:
            r = self.lab.script("kafka", "down", "2")
        self.assertIn("broker 2's ZooKeeper registration removed", r.stdout)
        self.assertNotIn("/brokers/ids/2", four_letter_word(self.zk_port, "dump"))
        with self.assertRaises(ConnectionRefusedError):
            api_versions(host, int(port))

    def test_the_config_file_numbers_brokers_from_1_and_names_the_groups(self):
        config = read(self.args()["--config"])
        self.assertIn("  firstBrokerId: 1\n", config)
        self.assertIn("  groups: [inventory-service, notification-service, payment-service, saga-coordinator, shipping-service]\n", config)

    def test_a_bad_command_is_refused_with_the_harness_words(self):
        r = self.lab.script("kafka", "nonsense", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("ERR unknown command: nonsense", r.stderr)

    def test_registration_goes_with_its_session_and_up_restores_it(self):
        pid = int(read(os.path.join(self.lab.dir, "zookeeper", "registrar.pid")))
        os.kill(pid, signal.SIGTERM)
        deadline = time.time() + 10
        while time.time() < deadline and "/brokers/ids/1" in four_letter_word(self.zk_port, "dump"):
            time.sleep(0.1)
        self.assertNotIn("/brokers/ids/1", four_letter_word(self.zk_port, "dump"))
        # A second up starts only what is missing: the same ZooKeeper and mock, a new registration.
        zk_pid = read(os.path.join(self.lab.dir, "zookeeper", "zookeeper.pid"))
        mock_pid = read(os.path.join(self.lab.dir, "kafka", "harness.pid"))
        self.lab.script("up", *self.lab.up_args, timeout=120)
        self.assertEqual(read(os.path.join(self.lab.dir, "zookeeper", "zookeeper.pid")), zk_pid)
        self.assertEqual(read(os.path.join(self.lab.dir, "kafka", "harness.pid")), mock_pid)
        self.assertIn("/brokers/ids/1", four_letter_word(self.zk_port, "dump"))


@unittest.skipUnless(HAVE_ZOOKEEPER and HAVE_MOCK, "needs Debian's zookeeper and librdkafka-dev (and cc)")
class KafkaLabLifecycleTest(unittest.TestCase):
    def test_down_stops_zookeeper_the_registration_and_the_mock_by_pid(self):
        lab = RunningLab("--no-tick", kafka=True)
        try:
            pids = {name: int(read(os.path.join(lab.dir, path)))
                    for name, path in [("zookeeper", "zookeeper/zookeeper.pid"), ("registrar", "zookeeper/registrar.pid"),
                                       ("mock", "kafka/harness.pid")]}
            status = lab.script("status").stdout
            self.assertIn("lab ZooKeeper running, pid %d" % pids["zookeeper"], status)
            self.assertIn("lab Kafka mock running, pid %d" % pids["mock"], status)
            out = lab.script("down").stdout
            for name, pid in pids.items():
                self.assertIn("(pid %d)" % pid, out)
                self.assertFalse(os.path.exists("/proc/%d" % pid), name)
            self.assertNotIn("--kafka", lab.script("args", "--direct", check=False).stdout)
            r = lab.script("kafka", "metadata", check=False)
            self.assertEqual(r.returncode, 1)
            self.assertIn("not running", r.stderr)
        finally:
            lab.stop()


if __name__ == "__main__":
    unittest.main()
