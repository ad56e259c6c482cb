"""pods/{name}/portforward over WebSocket: checked with the official Python
Kubernetes client (a client we did not write) where it is installed, and
frame by frame with a raw WebSocket client for what that client hides."""

import json
import os
import shutil
import struct
import time
import unittest

from labfixture import NS, RunningLab, shared_lab
from rawclient import Raw
from wsclient import BINARY, CLOSE, CONTINUATION, PING, PONG, WebSocket, close_code, resp

try:
    import kubernetes
    from kubernetes import client as k8s_client, config as k8s_config
    from kubernetes.client.rest import ApiException
    from kubernetes.stream import portforward
except ImportError:
    kubernetes = None

HAVE_REDIS = shutil.which("redis-server") is not None
HAVE_ZOOKEEPER = os.path.exists("/usr/share/java/zookeeper.jar") and shutil.which("java") is not None
HAVE_MOCK = os.path.exists("/usr/include/librdkafka/rdkafka_mock.h") and shutil.which("cc") is not None
NO_CLIENT = "the Python Kubernetes client is not installed (pip install kubernetes)"
MIB = 1 << 20


def path(pod, ports):
    query = "&".join("ports=%s" % p for p in ports) if isinstance(ports, (list, tuple)) else "ports=%s" % ports
    return "/api/v1/namespaces/%s/pods/%s/portforward?%s" % (NS, pod, query)


def read(p):
    with open(p) as f:
        return f.read().strip()


def port_frame(channel, port):
    return (True, BINARY, bytes([channel]) + struct.pack("<H", port))


def api_versions_request():
    client = b"lab-test"
    body = struct.pack(">hhih", 18, 0, 7, len(client)) + client
    return struct.pack(">i", len(body)) + body


def kafka_answer_complete(data):
    return len(data) >= 4 and len(data) >= 4 + struct.unpack(">i", data[:4])[0]


def wait_until_no_tunnel(lab, seconds=5):
    deadline = time.time() + seconds
    while time.time() < deadline and lab.status()["portForwards"]["open"]:
        time.sleep(0.05)


class PortForwardRawTest(unittest.TestCase):
    """Frames as the server writes them, and as a client might write them."""

    @classmethod
    def setUpClass(cls):
        cls.lab = shared_lab()

    def open(self, pod, ports, **kw):
        ws = WebSocket(self.lab, path(pod, ports), **kw)
        self.addCleanup(ws.close)
        return ws

    def test_a_refused_port_gets_its_port_frames_then_the_error_then_a_close(self):
        ws = self.open("redis-0", 9121)
        self.assertEqual(ws.status, 101)
        self.assertEqual(ws.headers["sec-websocket-protocol"], "v4.channel.k8s.io")
        frames = ws.recv_all()
        self.assertEqual(frames[:2], [port_frame(0, 9121), port_frame(1, 9121)])
        fin, opcode, payload = frames[2]
        self.assertEqual((fin, opcode, payload[:1]), (True, BINARY, b"\x01"))
        text = payload[1:].decode()
        self.assertRegex(text, r"^error forwarding port 9121 to pod [0-9a-f]{64}, uid : failed to execute portforward "
                               r"in network namespace \"/var/run/netns/cni-[0-9a-f-]{36}\": failed to connect to "
                               r"localhost:9121 inside namespace \"[0-9a-f]{64}\", IPv4: dial tcp4 127.0.0.1:9121: "
                               r"connect: connection refused IPv6 dial tcp6 \[::1\]:9121: connect: connection refused $")
        self.assertEqual(frames[3][1], CLOSE)
        self.assertEqual(close_code(frames[3][2]), 1000)
        self.assertEqual(len(frames), 4)

    def test_channels_follow_the_order_of_the_ports(self):
        # A crash-looping service pod: its network namespace exists, nothing listens on 8000.
        pods = json.loads(self.lab.kubectl("get", "pods", "-o", "json").stdout)["items"]
        order = next(p["metadata"]["name"] for p in pods if p["metadata"]["name"].startswith("order-service-"))
        ws = self.open(order, ["8000,9090", "8080"])
        frames = ws.recv_all()
        self.assertEqual(frames[:6], [port_frame(0, 8000), port_frame(1, 8000), port_frame(2, 9090),
                                      port_frame(3, 9090), port_frame(4, 8080), port_frame(5, 8080)])
        errors = [(f[2][0], f[2][1:].decode()) for f in frames[6:9]]
        self.assertEqual([c for c, _ in errors], [1, 3, 5])
        for (_, text), port in zip(errors, (8000, 9090, 8080)):
            self.assertTrue(text.startswith("error forwarding port %d to pod " % port), text)
            self.assertIn("dial tcp4 127.0.0.1:%d: connect: connection refused" % port, text)
        self.assertEqual(close_code(frames[9][2]), 1000)

    def test_protocol_preference_and_none_offered(self):
        ws = self.open("redis-0", 9121, protocols=("channel.k8s.io", "v4.channel.k8s.io"))
        self.assertEqual(ws.headers["sec-websocket-protocol"], "v4.channel.k8s.io")
        ws = self.open("redis-0", 9121, protocols=("base64.channel.k8s.io", "channel.k8s.io"))
        self.assertEqual(ws.headers["sec-websocket-protocol"], "channel.k8s.io")
        ws = self.open("redis-0", 9121, protocols=())
        self.assertEqual(ws.status, 101)
        self.assertNotIn("sec-websocket-protocol", ws.headers)
        self.assertEqual(ws.recv_all()[:2], [port_frame(0, 9121), port_frame(1, 9121)])

    def test_the_accept_key_answers_the_client_key(self):
        import base64
        import hashlib
        ws = self.open("redis-0", 9121)
        expected = base64.b64encode(hashlib.sha1((ws.key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode())
                                    .digest()).decode()
        self.assertEqual(ws.headers["sec-websocket-accept"], expected)
        self.assertEqual((ws.headers["upgrade"].lower(), ws.headers["connection"].lower()), ("websocket", "upgrade"))

    def status_of(self, pod, ports, **kw):
        ws = WebSocket(self.lab, path(pod, ports), **kw)
        return ws.status, ws.body, ws.headers

    def test_errors_before_the_upgrade_are_status_objects(self):
        status, body, _ = self.status_of("kafka-2", 9092)
        self.assertEqual((status, body["reason"], body["message"]), (404, "NotFound", 'pods "kafka-2" not found'))
        status, body, _ = self.status_of("kafka-1", 9092)
        self.assertEqual((status, body["kind"], body["reason"], body["message"]),
                         (400, "Status", "BadRequest", "pod kafka-1 does not have a host assigned"))
        status, body, _ = self.status_of("redis-0", [])
        self.assertEqual((status, body["message"]), (400, 'query parameter "port" is required'))
        status, body, _ = self.status_of("redis-0", "abc")
        self.assertEqual(status, 400)
        self.assertIn('unable to parse "abc" as a port', body["message"])
        status, body, _ = self.status_of("redis-0", "0")
        self.assertEqual((status, body["message"]), (400, 'port "0" must be > 0'))
        status, body, _ = self.status_of("redis-0", 6379, upgrade=False)
        self.assertEqual((status, body["message"]), (400, "Upgrade request required"))
        status, body, headers = self.status_of("redis-0", 6379, version="8")
        self.assertEqual((status, headers["sec-websocket-version"]), (400, "13"))
        status, body, _ = self.status_of("redis-0", 6379, token="")
        self.assertEqual((status, body["reason"]), (401, "Unauthorized"))

    def test_spdy_and_other_protocols_are_refused_with_a_reason(self):
        for offered in (("portforward.k8s.io",), ("SPDY/3.1+portforward.k8s.io",)):
            with self.subTest(offered=offered):
                status, body, _ = self.status_of("redis-0", 6379, protocols=offered)
                self.assertEqual((status, body["reason"]), (400, "BadRequest"))
                self.assertIn("over the channel.k8s.io WebSocket protocols only", body["message"])
                self.assertIn(offered[0], body["message"])

    def test_rbac_asks_for_create_on_pods_portforward(self):
        status, body, _ = self.status_of("redis-0", 6379, token=read(os.path.join(self.lab.dir, "noforward-token")))
        self.assertEqual((status, body["reason"]), (403, "Forbidden"))
        self.assertEqual(body["message"], 'pods "redis-0" is forbidden: User "lab-noforward" cannot create resource '
                                          '"pods/portforward" in API group "" in the namespace "e-commerce-saga"')
        self.assertEqual(body["details"], {"name": "redis-0", "kind": "pods"})
        status, body, _ = self.status_of("redis-0", 6379, token=read(os.path.join(self.lab.dir, "restricted-token")))
        self.assertEqual(status, 403)
        self.assertIn('User "lab-restricted" cannot create resource "pods/portforward"', body["message"])
        # Before the pod is looked up: a user who may not forward learns nothing about pods.
        status, body, _ = self.status_of("kafka-2", 9092, token=read(os.path.join(self.lab.dir, "noforward-token")))
        self.assertEqual(status, 403)

    def test_a_frame_over_a_mebibyte_closes_with_1009(self):
        ws = self.open("redis-0", 9121)
        ws.send_frame(BINARY, length=MIB + 1)
        frames = [f for f in ws.recv_all() if f[1] == CLOSE]
        self.assertEqual([close_code(f[2]) for f in frames], [1000])  # the refused port ended it first
        # On a tunnel that stays open (a port-forward to redis-0), the frame itself is refused.
        if HAVE_REDIS:
            ws = self.open("redis-0", 6379)
            ws.send_frame(BINARY, length=MIB + 1)
            frames = ws.recv_all()
            self.assertEqual([close_code(f[2]) for f in frames if f[1] == CLOSE], [1009])

    @unittest.skipUnless(HAVE_REDIS, "needs Debian's redis-server")
    def test_a_fragmented_message_over_a_mebibyte_closes_with_1009(self):
        ws = self.open("redis-0", 6379)
        ws.send_frame(BINARY, b"\x00" + b"x" * (600 * 1024), fin=False)
        ws.send_frame(CONTINUATION, b"x" * (600 * 1024), fin=True)
        frames = ws.recv_all()
        self.assertEqual([close_code(f[2]) for f in frames if f[1] == CLOSE], [1009])

    @unittest.skipUnless(HAVE_REDIS, "needs Debian's redis-server")
    def test_an_unmasked_frame_closes_with_1002(self):
        ws = self.open("redis-0", 6379)
        ws.send_frame(BINARY, b"\x00PING\r\n", mask=False)
        frames = ws.recv_all()
        self.assertEqual([close_code(f[2]) for f in frames if f[1] == CLOSE], [1002])

    @unittest.skipUnless(HAVE_REDIS, "needs Debian's redis-server")
    def test_redis_through_fragmented_frames_with_a_ping_between_them(self):
        password = read(os.path.join(self.lab.dir, "redis-password"))
        ws = self.open("redis-0", 6379)
        self.assertEqual([ws.recv_frame(), ws.recv_frame()], [port_frame(0, 6379), port_frame(1, 6379)])
        message = b"\x00" + resp("AUTH", password) + resp("PING")
        ws.send_frame(BINARY, message[:5], fin=False)
        ws.send_frame(CONTINUATION, message[5:12], fin=False)
        ws.send_frame(PING, b"still there?")
        ws.send_frame(CONTINUATION, message[12:], fin=True)
        self.assertEqual(ws.recv_frame(), (True, PONG, b"still there?"))
        self.assertEqual(ws.recv_data(0, lambda d: d.endswith(b"+PONG\r\n")), b"+OK\r\n+PONG\r\n")
        # Data sent on an error channel (or a channel no port has) is ignored, as the kubelet does.
        ws.send(1, resp("FLUSHALL"))
        ws.send(7, resp("FLUSHALL"))
        ws.send(0, resp("DBSIZE"))
        self.assertRegex(ws.recv_data(0, lambda d: d.endswith(b"\r\n")), rb"^:[1-9][0-9]*\r\n$")
        ws.send_close(1000)
        frames = ws.recv_all()
        self.assertEqual([(f[1], close_code(f[2])) for f in frames], [(CLOSE, 1000)])

    @unittest.skipUnless(HAVE_REDIS, "needs Debian's redis-server")
    def test_megabytes_cross_intact_while_the_client_reads_late(self):
        password = read(os.path.join(self.lab.dir, "redis-password"))
        ws = self.open("redis-0", 6379)
        ws.recv_frame(), ws.recv_frame()
        value = os.urandom(3 * MIB)
        command = resp("AUTH", password) + resp("SET", "pf-big", value) + resp("GET", "pf-big") * 2 + resp("DEL", "pf-big")
        for i in range(0, len(command), 300 * 1024):  # messages under the 1 MiB limit
            ws.send(0, command[i:i + 300 * 1024])
        time.sleep(0.5)  # the answer (6 MiB) fills the server's bounded buffer while nobody reads
        expected = b"+OK\r\n+OK\r\n" + (b"$%d\r\n" % len(value) + value + b"\r\n") * 2 + b":1\r\n"
        self.assertTrue(ws.recv_data(0, lambda d: len(d) >= len(expected), limit=len(expected)) == expected)

    @unittest.skipUnless(HAVE_REDIS, "needs Debian's redis-server")
    def test_drop_closes_every_tunnel_without_a_close_frame_and_stats_count_them(self):
        wait_until_no_tunnel(self.lab)
        before = self.lab.status()["portForwards"]
        password = read(os.path.join(self.lab.dir, "redis-password"))
        tunnels = []
        for _ in range(2):
            ws = self.open("redis-0", 6379)
            ws.recv_frame(), ws.recv_frame()
            ws.send(0, resp("AUTH", password))
            self.assertEqual(ws.recv_data(0, lambda d: d.endswith(b"\r\n")), b"+OK\r\n")
            tunnels.append(ws)
        stats = self.lab.status()["portForwards"]
        self.assertEqual((stats["opened"] - before["opened"], stats["open"]), (2, 2))
        answer = self.lab.control("portforward/drop")
        self.assertEqual(answer["dropped"], 2)
        for ws in tunnels:
            self.assertEqual(ws.recv_all(), [])  # the TCP connection ends; no close frame
        stats = self.lab.status()["portForwards"]
        self.assertEqual((stats["open"], stats["dropped"] - before["dropped"]), (0, 2))
        self.assertIn("port-forwards  0 open", self.lab.script("status").stdout)

    @unittest.skipUnless(HAVE_REDIS, "needs Debian's redis-server")
    def test_a_stalled_tunnel_relays_nothing_until_resumed(self):
        password = read(os.path.join(self.lab.dir, "redis-password"))
        ws = self.open("redis-0", 6379)
        ws.recv_frame(), ws.recv_frame()
        self.addCleanup(self.lab.control, "portforward/resume")
        self.assertEqual(self.lab.control("portforward/stall")["open"], 1)
        self.assertTrue(self.lab.status()["portForwards"]["stalled"])
        ws.send(0, resp("AUTH", password) + resp("PING"))
        ws.sock.settimeout(0.5)
        with self.assertRaises(TimeoutError):
            ws.recv_frame()  # the request waits mid-way
        # A tunnel opened while stalled is upgraded and announces its ports, then relays nothing.
        late = self.open("redis-0", 6379)
        self.assertEqual([late.recv_frame(), late.recv_frame()], [port_frame(0, 6379), port_frame(1, 6379)])
        self.lab.control("portforward/resume")
        ws.sock.settimeout(10)
        self.assertEqual(ws.recv_data(0, lambda d: d.endswith(b"+PONG\r\n")), b"+OK\r\n+PONG\r\n")
        self.assertFalse(self.lab.status()["portForwards"]["stalled"])

    def test_the_log_has_a_line_per_open_and_close_and_no_token(self):
        ws = self.open("redis-0", 9121)
        ws.recv_all()
        ws.close()
        wait_until_no_tunnel(self.lab)
        with open(os.path.join(self.lab.dir, "apiserver.log")) as f:
            log = f.read()
        self.assertRegex(log, r"portforward #\d+ open: e-commerce-saga/redis-0 9121 refused "
                              r"\(protocol v4.channel.k8s.io\) for lab-operator from 127.0.0.1:\d+")
        self.assertRegex(log, r"portforward #\d+ closed after \d+\.\ds: ")
        self.assertNotIn(self.lab.token(), log)

    def test_services_select_the_pods_and_name_their_ports(self):
        services = {s["metadata"]["name"]: s for s in
                    json.loads(self.lab.kubectl("get", "services", "-o", "json").stdout)["items"]}
        pods = json.loads(self.lab.kubectl("get", "pods", "-o", "json").stdout)["items"]
        for name, port, target in (("kafka-client", 9092, 9092), ("kafka-headless", 9092, "kafka"),
                                   ("redis", 6379, "redis"), ("zookeeper", 2181, "client"),
                                   ("mongodb", 27017, "mongodb")):
            spec = services[name]["spec"]
            service_port = next(p for p in spec["ports"] if p["port"] == port)
            self.assertEqual(service_port["targetPort"], target, name)
            selected = [p for p in pods if all(p["metadata"]["labels"].get(k) == v
                                                   for k, v in spec["selector"].items())]
            self.assertTrue(selected, name)
            for pod in selected:
                ports = [cp for c in pod["spec"]["containers"] for cp in c.get("ports", [])]
                if isinstance(target, int):
                    self.assertIn(target, [cp["containerPort"] for cp in ports], name)
                else:
                    self.assertIn(target, [cp.get("name") for cp in ports], name)
        self.assertEqual(services["kafka-headless"]["spec"]["clusterIP"], "None")


@unittest.skipIf(kubernetes is None, NO_CLIENT)
class PythonClientTest(unittest.TestCase):
    """kubernetes.stream.portforward, as a Python operator's tool would use it."""

    @classmethod
    def setUpClass(cls):
        cls.lab = shared_lab()

    def api(self, mode="token"):
        configuration = k8s_client.Configuration()
        k8s_config.load_kube_config(config_file=self.lab.kubeconfig(mode), client_configuration=configuration)
        api_client = k8s_client.ApiClient(configuration)
        self.addCleanup(api_client.close)
        return k8s_client.CoreV1Api(api_client)

    def forward(self, pod, port, mode="token"):
        api = self.api(mode)
        return portforward(api.connect_get_namespaced_pod_portforward, pod, NS, ports=str(port))

    def refusal(self, pod, port, mode="token"):
        with self.assertRaises(ApiException) as caught:
            self.forward(pod, port, mode)
        return str(caught.exception)

    @unittest.skipUnless(HAVE_REDIS, "needs Debian's redis-server")
    def test_redis_auth_and_ping_through_the_tunnel(self):
        password = read(os.path.join(self.lab.dir, "redis-password"))
        pf = self.forward("redis-0", 6379)
        sock = pf.socket(6379)
        sock.settimeout(10)
        try:
            sock.sendall(resp("AUTH", password) + resp("PING"))
            answer = b""
            while not answer.endswith(b"+PONG\r\n"):
                chunk = sock.recv(4096)
                if not chunk:
                    break
                answer += chunk
            self.assertEqual(answer, b"+OK\r\n+PONG\r\n")
        finally:
            sock.close()
        self.assertIsNone(pf.error(6379))

    def test_a_pod_without_a_node_is_a_400(self):
        text = self.refusal("kafka-1", 9092)
        self.assertIn("Handshake status 400", text)
        self.assertIn("pod kafka-1 does not have a host assigned", text)

    def test_a_missing_pod_is_a_404(self):
        text = self.refusal("kafka-2", 9092)
        self.assertIn("Handshake status 404", text)
        self.assertIn('pods \\"kafka-2\\" not found', text)

    def test_the_noforward_identity_is_forbidden(self):
        text = self.refusal("redis-0", 6379, mode="noforward")
        self.assertIn("Handshake status 403", text)
        self.assertIn('pods \\"redis-0\\" is forbidden: User \\"lab-noforward\\" cannot create resource '
                      '\\"pods/portforward\\" in API group \\"\\" in the namespace \\"e-commerce-saga\\"', text)
        # The same identity reads what the operators read.
        self.assertEqual(len(self.api("noforward").list_namespaced_service(NS).items), 14)

    def test_a_port_nothing_listens_on_reports_on_the_error_channel(self):
        pf = self.forward("redis-0", 9121)
        sock = pf.socket(9121)
        sock.settimeout(10)
        self.assertEqual(sock.recv(10), b"")  # the client closes the socket once the error arrives
        sock.close()
        error = pf.error(9121)
        self.assertTrue(error.startswith("error forwarding port 9121 to pod "), error)
        self.assertIn("connect: connection refused", error)


@unittest.skipUnless(HAVE_ZOOKEEPER and HAVE_MOCK, "needs Debian's zookeeper and librdkafka-dev (and cc)")
class KafkaPortForwardTest(unittest.TestCase):
    """ZooKeeper and the mock's brokers behind zookeeper-0 and kafka-N."""

    @classmethod
    def setUpClass(cls):
        cls.lab = RunningLab("--no-tick", kafka=True)

    @classmethod
    def tearDownClass(cls):
        cls.lab.stop()

    def open(self, pod, port):
        ws = WebSocket(self.lab, path(pod, port))
        self.addCleanup(ws.close)
        self.assertEqual(ws.status, 101)
        self.assertEqual([ws.recv_frame(), ws.recv_frame()], [port_frame(0, port), port_frame(1, port)])
        return ws

    @unittest.skipIf(kubernetes is None, NO_CLIENT)
    def test_zookeeper_srvr_through_the_python_client(self):
        configuration = k8s_client.Configuration()
        k8s_config.load_kube_config(config_file=self.lab.kubeconfig("token"), client_configuration=configuration)
        api_client = k8s_client.ApiClient(configuration)
        self.addCleanup(api_client.close)
        api = k8s_client.CoreV1Api(api_client)
        pf = portforward(api.connect_get_namespaced_pod_portforward, "zookeeper-0", NS, ports="2181")
        sock = pf.socket(2181)
        sock.settimeout(10)
        sock.sendall(b"srvr")
        answer = b""
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
        sock.close()
        self.assertIn(b"Zookeeper version:", answer)
        self.assertIn(b"Mode: standalone", answer)
        self.assertIsNone(pf.error(2181))

    def test_zookeeper_closing_ends_the_tunnel_with_a_close_frame(self):
        ws = self.open("zookeeper-0", 2181)
        ws.send(0, b"ruok")
        frames = ws.recv_all()
        self.assertEqual(b"".join(f[2][1:] for f in frames if f[1] == BINARY), b"imok")
        self.assertEqual([close_code(f[2]) for f in frames if f[1] == CLOSE], [1000])

    def test_broker_ports_are_written_for_the_api(self):
        brokers = json.loads(read(os.path.join(self.lab.dir, "kafka", "brokers.json")))
        self.assertEqual(sorted(brokers), ["1", "2", "3"])
        self.assertEqual(read(os.path.join(self.lab.dir, "kafka", "bootstrap")), brokers["1"])

    def test_kafka_0_is_broker_1(self):
        ws = self.open("kafka-0", 9092)
        ws.send(0, api_versions_request())
        data = ws.recv_data(0, kafka_answer_complete)
        correlation, error = struct.unpack(">ih", data[4:10])
        self.assertEqual((correlation, error), (7, 0))

    def test_kafka_1_running_reaches_broker_2_when_it_is_up(self):
        self.lab.control("pods/kafka-1/run")
        ws = self.open("kafka-1", 9092)
        frames = ws.recv_all()
        self.assertIn("dial tcp4 127.0.0.1:9092: connect: connection refused", frames[0][2][1:].decode())
        try:
            self.lab.script("kafka", "up", "2", timeout=60)
            ws = self.open("kafka-1", 9092)
            ws.send(0, api_versions_request())
            data = ws.recv_data(0, kafka_answer_complete)
            self.assertEqual(struct.unpack(">ih", data[4:10]), (7, 0))
            ws.send_close()
            ws.recv_all()
        finally:
            self.lab.script("kafka", "down", "2", check=False, timeout=60)
        # kafka-2, created by the StatefulSet once kafka-1 is Ready, cannot be placed.
        status = WebSocket(self.lab, path("kafka-2", 9092)).status
        self.assertEqual(status, 400)


if __name__ == "__main__":
    unittest.main()
