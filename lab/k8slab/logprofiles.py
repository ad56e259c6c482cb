"""What each kind of container writes, line by line.

Lines are a pure function of (container, index, time) so the lab keeps no log
buffers at all: any window of a container's log can be regenerated, memory
stays flat however long the lab runs, and a restarted lab prints the same text.
"""

import datetime
import hashlib


def _pick(seed, i, choices):
    h = hashlib.blake2b(("%s/%d" % (seed, i)).encode(), digest_size=4).digest()
    return choices[int.from_bytes(h, "big") % len(choices)], int.from_bytes(h, "big")


def _kafka_ts(ts):
    d = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return d.strftime("%Y-%m-%d %H:%M:%S,") + "%03d" % (d.microsecond // 1000)


class Profile:
    """startup: [(offset seconds, text)]; periodic lines every `interval`
    seconds from `first` seconds after start; crashing profiles have none."""

    interval = None
    first = 0.0
    startup = ()

    def __init__(self, ctx):
        self.ctx = ctx  # pod, container, service, port, image, ordinal

    def startup_lines(self, start):
        return [(start + off, text.format(**self.ctx)) for off, text in self.startup]

    def periodic(self, i, ts):
        raise NotImplementedError


class Kafka(Profile):
    interval = 1.0
    first = 9.0
    startup = (
        (0.2, "kafka 09:20:01.12 INFO  ==> ** Starting Kafka setup **"),
        (1.1, "kafka 09:20:02.03 INFO  ==> Initializing Kafka..."),
        (2.4, "kafka 09:20:03.37 INFO  ==> ** Kafka setup finished! **"),
        (2.5, "kafka 09:20:03.40 INFO  ==> ** Starting Kafka **"),
        (6.0, "[startup] INFO KafkaConfig values: broker.id = {ordinal}, zookeeper.connect = zookeeper:2181, advertised.listeners = PLAINTEXT://kafka-client:9092, min.insync.replicas = 2, default.replication.factor = 3 (kafka.server.KafkaConfig)"),
        (7.5, "[startup] INFO [KafkaServer id={ordinal}] started (kafka.server.KafkaServer)"),
    )

    def startup_lines(self, start):
        out = []
        for ts, text in super().startup_lines(start):
            if text.startswith("[startup]"):
                text = "[%s]%s" % (_kafka_ts(ts), text[len("[startup]"):])
            out.append((ts, text))
        return out

    def periodic(self, i, ts):
        topic, n = _pick(self.ctx["pod"], i, ["saga-events", "order-events", "inventory-events", "payment-events"])
        part = n % 3
        stamp = _kafka_ts(ts)
        kind = i % 5
        if kind in (0, 2):
            return ("[%s] ERROR [ReplicaManager broker=%s] Error processing append operation on partition %s-%d "
                    "(kafka.server.ReplicaManager) org.apache.kafka.common.errors.NotEnoughReplicasException: "
                    "The size of the current ISR Set(%s) is insufficient to satisfy the min.isr requirement of 2 "
                    "for partition %s-%d" % (stamp, self.ctx["ordinal"], topic, part, self.ctx["ordinal"], topic, part))
        if kind == 1:
            return ("[%s] INFO [GroupCoordinator %s]: Member consumer-saga-coordinator-%d in group saga-coordinator "
                    "has failed, removing it from the group (kafka.coordinator.group.GroupCoordinator)"
                    % (stamp, self.ctx["ordinal"], n % 7 + 1))
        if kind == 3:
            return ("[%s] WARN [Partition %s-%d broker=%s] Shrinking ISR from %s,1,2 to %s. Leader: (highWatermark: %d) "
                    "(kafka.cluster.Partition)" % (stamp, topic, part, self.ctx["ordinal"], self.ctx["ordinal"],
                                                   self.ctx["ordinal"], 18000 + i))
        return ("[%s] INFO [LocalLog partition=__consumer_offsets-%d, dir=/bitnami/kafka/data] Rolled new log segment "
                "at offset %d (kafka.log.LocalLog)" % (stamp, n % 50, 4000 + i))


class ZooKeeper(Profile):
    interval = 5.0
    first = 4.0
    startup = (
        (0.3, "zookeeper 09:19:58.22 INFO  ==> ** Starting ZooKeeper setup **"),
        (1.8, "zookeeper 09:19:59.71 INFO  ==> ** ZooKeeper setup finished! **"),
        (3.0, "ZooKeeper JMX enabled by default"),
        (3.1, "Using config: /opt/bitnami/zookeeper/bin/../conf/zoo.cfg"),
    )

    def periodic(self, i, ts):
        stamp = _kafka_ts(ts)
        what, n = _pick(self.ctx["pod"], i, ["ruok", "srvr", "mntr"])
        if i % 4 == 3:
            return ("%s [myid:1] - INFO  [SessionTracker:o.a.z.s.ZooKeeperServer@632] - Expiring session 0x1000%07x, "
                    "timeout of 18000ms exceeded" % (stamp, n % 0xfffffff))
        return ("%s [myid:1] - INFO  [NIOWorkerThread-%d:o.a.z.s.c.FourLetterCommands@223] - The list of known four "
                "letter word commands is : [{%s}]" % (stamp, n % 4 + 1, what))


class MongoDB(Profile):
    interval = 3.0
    first = 2.0
    startup = (
        (0.1, '{{"t":{{"$date":"start"}},"s":"I","c":"CONTROL","id":23285,"ctx":"main","msg":"Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols \'none\'"}}'),
        (1.0, '{{"t":{{"$date":"start"}},"s":"I","c":"NETWORK","id":23016,"ctx":"listener","msg":"Waiting for connections","attr":{{"port":27017,"ssl":"off"}}}}'),
    )

    def _date(self, ts):
        d = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+00:00" % (d.microsecond // 1000)

    def startup_lines(self, start):
        return [(ts, text.replace('"start"', '"%s"' % self._date(ts))) for ts, text in super().startup_lines(start)]

    def periodic(self, i, ts):
        _, n = _pick(self.ctx["pod"], i, [0])
        if i % 2 == 0:
            return ('{"t":{"$date":"%s"},"s":"I","c":"NETWORK","id":22943,"ctx":"listener","msg":"Connection accepted",'
                    '"attr":{"remote":"10.244.%d.%d:%d","connectionId":%d,"connectionCount":%d}}'
                    % (self._date(ts), n % 3 + 1, n % 40 + 11, 40000 + n % 20000, 100 + i, 9 + n % 6))
        return ('{"t":{"$date":"%s"},"s":"I","c":"NETWORK","id":22944,"ctx":"conn%d","msg":"Connection ended",'
                '"attr":{"remote":"10.244.%d.%d:%d","connectionId":%d,"connectionCount":%d}}'
                % (self._date(ts), 99 + i, n % 3 + 1, n % 40 + 11, 40000 + n % 20000, 99 + i, 8 + n % 6))


def _redis_ts(ts):
    d = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return d.strftime("%d %b %Y %H:%M:%S.") + "%03d" % (d.microsecond // 1000)


class Redis(Profile):
    interval = 10.0
    first = 60.0
    startup = (
        (0.0, "1:C oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
        (0.0, "1:C Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=1, just started"),
        (0.1, "1:M monotonic clock: POSIX clock_gettime"),
        (0.1, "1:M Running mode=standalone, port=6379."),
        (0.2, "1:M Server initialized"),
        (0.3, "1:M DB loaded from append only file: 0.012 seconds"),
        (0.3, "1:M Ready to accept connections tcp"),
    )

    def startup_lines(self, start):
        # Redis prefixes "pid:role timestamp level"; the data keeps only pid:role.
        out = []
        for ts, text in super().startup_lines(start):
            role, _, rest = text.partition(" ")
            out.append((ts, "%s %s * %s" % (role, _redis_ts(ts), rest)))
        return out

    def periodic(self, i, ts):
        stamp = _redis_ts(ts)
        if i % 6 == 5:
            return "1:M %s * Background append only file rewriting started by pid %d" % (stamp, 100 + i)
        if i % 6 == 0:
            return "1:M %s # WARNING: maxmemory reached, evicting keys (policy allkeys-lru)" % stamp
        return "1:M %s * 100 changes in 300 seconds. Saving..." % stamp


class RedisExporter(Profile):
    interval = 15.0
    first = 5.0
    startup = (
        (0.1, 'time="start" level=info msg="Redis Metrics Exporter v1.55.0    build date: 2023-10-30    Go: go1.21.3"'),
        (0.2, 'time="start" level=info msg="Providing metrics at :9121/metrics"'),
    )

    def startup_lines(self, start):
        from .timefmt import rfc3339
        return [(ts, text.replace('"start"', '"%s"' % rfc3339(ts))) for ts, text in super().startup_lines(start)]

    def periodic(self, i, ts):
        from .timefmt import rfc3339
        return 'time="%s" level=info msg="scrape: redis://localhost:6379 took 3ms, keys evicted since start: %d"' % (
            rfc3339(ts), 1200 + 7 * i)


class Uvicorn(Profile):
    interval = 0.5
    first = 3.0
    startup = (
        (0.8, "INFO:     Started server process [1]"),
        (0.8, "INFO:     Waiting for application startup."),
        (1.9, "INFO:     Connected to Kafka at kafka-client:9092"),
        (2.0, "INFO:     Connected to Redis at redis://redis:6379"),
        (2.1, "INFO:     Application startup complete."),
        (2.1, "INFO:     Uvicorn running on http://0.0.0.0:{port} (Press CTRL+C to quit)"),
    )

    ROUTES = {
        "payment-service": [("POST", "/payments", "201 Created"), ("GET", "/payments/{id}", "200 OK"),
                            ("POST", "/payments/{id}/refund", "202 Accepted")],
        "shipping-service": [("POST", "/shipments", "201 Created"), ("GET", "/shipments/{id}", "200 OK")],
        "saga-coordinator": [("POST", "/sagas", "202 Accepted"), ("GET", "/sagas/{id}", "200 OK"),
                             ("POST", "/sagas/{id}/compensate", "503 Service Unavailable")],
    }

    def periodic(self, i, ts):
        routes = self.ROUTES.get(self.ctx["service"], [("GET", "/orders/{id}", "200 OK")])
        if i % 4 == 0:
            route = ("GET", "/health", "200 OK")
        else:
            route, _ = _pick(self.ctx["pod"], i, routes)
        _, n = _pick(self.ctx["pod"], i, [0])
        path = route[1].replace("{id}", "%x" % (n % 0xffffff))
        return 'INFO:     10.244.%d.%d:%d - "%s %s HTTP/1.1" %s' % (
            n % 3 + 1, n % 40 + 11, 30000 + n % 30000, route[0], path, route[2])


class AsgiCrash(Profile):
    """The operators' three failing services: the image starts, the
    dependencies answer, and uvicorn cannot load the app."""

    error = 'ERROR:    Error loading ASGI app. Could not import module "app.main".'
    startup = (
        (0.05, "Waiting for kafka-client:9092 ..."),
        (0.31, "kafka-client:9092 is reachable"),
        (0.35, "Waiting for redis:6379 ..."),
        (0.42, "redis:6379 is reachable"),
        (0.45, "Starting {service}: uvicorn app.main:app --host 0.0.0.0 --port {port}"),
    )

    def startup_lines(self, start):
        return super().startup_lines(start) + [(start + 1.37, self.error)]


class AsgiAttributeCrash(AsgiCrash):
    error = 'ERROR:    Error loading ASGI app. Attribute "app" not found in module "app.main".'


PROFILES = {
    "kafka": Kafka,
    "zookeeper": ZooKeeper,
    "mongodb": MongoDB,
    "redis": Redis,
    "redis-exporter": RedisExporter,
    "uvicorn": Uvicorn,
    "asgi-module": AsgiCrash,
    "asgi-attribute": AsgiAttributeCrash,
}
