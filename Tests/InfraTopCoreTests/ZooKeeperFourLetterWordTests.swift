import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopZooKeeper

/// Answers captured from ZooKeeper 3.8.0 (Debian 12's `zookeeper` package) and copied here by hand.
@Suite struct ZooKeeperFourLetterWordTests {
    static let standaloneSrvr = """
        Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        Latency min/avg/max: 0/0.0/0
        Received: 2
        Sent: 1
        Connections: 1
        Outstanding: 0
        Zxid: 0x0
        Mode: standalone
        Node count: 5

        """

    /// The head of a real `mntr` answer (the full one has some 390 lines), plus the leader-only keys.
    static let mntr = "zk_version\t3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC\n"
        + "zk_server_state\tstandalone\n"
        + "zk_ephemerals_count\t0\n"
        + "zk_num_alive_connections\t1\n"
        + "zk_avg_latency\t0.0\n"
        + "zk_outstanding_requests\t0\n"
        + "zk_znode_count\t5\n"
        + "zk_global_sessions\t0\n"
        + "zk_non_mtls_remote_conn_count\t0\n"
        + "zk_last_client_response_size\t-1\n"
        + "zk_packets_sent\t2\n"
        + "zk_packets_received\t3\n"
        + "zk_watch_count\t0\n"
        + "zk_min_latency\t0\n"
        + "zk_max_file_descriptor_count\t20000\n"
        + "zk_approximate_data_size\t44\n"
        + "zk_open_file_descriptor_count\t38\n"
        + "zk_max_latency\t0\n"
        + "zk_p999_write_commitproc_time_ms\t0\n"

    @Test func parsesStandaloneSrvr() throws {
        let stats = try ZooKeeperServerStats(parsing: Self.standaloneSrvr)
        #expect(stats == ZooKeeperServerStats(
            version: "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC",
            minimumLatency: 0, averageLatency: 0, maximumLatency: 0,
            packetsReceived: 2, packetsSent: 1, connections: 1, outstandingRequests: 0,
            zxid: 0, mode: .standalone, nodeCount: 5
        ))
    }

    /// A leader with traffic: the latency average is fractional, the zxid carries an epoch, and a
    /// "Proposal sizes" line we do not read sits among the others.
    @Test func parsesALeadersSrvrWithEpochAndExtraLines() throws {
        let text = """
            Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
            Latency min/avg/max: 0/0.4545/11
            Received: 1532
            Sent: 1531
            Connections: 4
            Outstanding: 0
            Zxid: 0x30000002a
            Mode: leader
            Node count: 147
            Proposal sizes last/min/max: 48/32/619

            """
        let stats = try ZooKeeperServerStats(parsing: text)
        #expect(stats.mode == .leader)
        #expect(stats.averageLatency == 0.4545)
        #expect(stats.maximumLatency == 11)
        #expect(stats.zxid == 0x3_0000_002A)
        #expect(stats.epoch == 3)
        #expect(stats.nodeCount == 147)
        #expect(stats.packetsReceived == 1532)
    }

    @Test func srvrWithoutAModeLineIsAnError() {
        let text = Self.standaloneSrvr.replacingOccurrences(of: "Mode: standalone\n", with: "")
        #expect(throws: FourLetterWordParseError.missingField("Mode")) {
            try ZooKeeperServerStats(parsing: text)
        }
    }

    @Test func srvrWithAZxidThatIsNotHexIsAnError() {
        let text = Self.standaloneSrvr.replacingOccurrences(of: "Zxid: 0x0", with: "Zxid: zero")
        #expect(throws: FourLetterWordParseError.invalidValue(field: "Zxid", value: "zero")) {
            try ZooKeeperServerStats(parsing: text)
        }
    }

    @Test func modesMapFromZooKeepersWords() {
        #expect(ZooKeeperMode("follower") == .follower)
        #expect(ZooKeeperMode("observer") == .observer)
        #expect(ZooKeeperMode("read-only") == .readOnly)
        #expect(ZooKeeperMode("leaderish") == .other("leaderish"))
        #expect(ZooKeeperMode.readOnly.description == "read-only")
    }

    @Test func parsesMntrAndKeepsUnknownKeysInOrder() throws {
        let values = try ZooKeeperMonitorValues(parsing: Self.mntr)
        #expect(values.entries.count == 19)
        #expect(values.entries.first == .init(key: "zk_version", value: "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC"))
        #expect(values.entries.last == .init(key: "zk_p999_write_commitproc_time_ms", value: "0"))
        #expect(values.serverState == .standalone)
        #expect(values.averageLatency == 0.0)
        #expect(values.minimumLatency == 0)
        #expect(values.maximumLatency == 0)
        #expect(values.outstandingRequests == 0)
        #expect(values.znodeCount == 5)
        #expect(values.ephemeralsCount == 0)
        #expect(values.aliveConnections == 1)
        #expect(values.watchCount == 0)
        #expect(values.openFileDescriptors == 38)
        #expect(values.maximumFileDescriptors == 20000)
        #expect(values["zk_approximate_data_size"] == "44")
        #expect(values.integer("zk_last_client_response_size") == -1)
        #expect(values.followers == nil)
    }

    @Test func mntrReadsALeadersFollowerCounts() throws {
        let values = try ZooKeeperMonitorValues(parsing: "zk_server_state\tleader\nzk_followers\t2\nzk_synced_followers\t1\nzk_pending_syncs\t0\n")
        #expect(values.serverState == .leader)
        #expect(values.followers == 2)
        #expect(values.syncedFollowers == 1)
        #expect(values.pendingSyncs == 0)
    }

    /// A garbled or cut answer is a failure with its reason, never values shown as live.
    @Test func aGarbledMntrIsRefusedWithTheLine() throws {
        #expect(try ZooKeeperMonitorValues(parsing: "zk_znode_count\t7\n\n").entries == [.init(key: "zk_znode_count", value: "7")])
        #expect(throws: FourLetterWordParseError.invalidLine("garbage line")) {
            try ZooKeeperMonitorValues(parsing: "garbage line\nzk_znode_count\t7\n")
        }
        #expect(throws: FourLetterWordParseError.invalidLine("zk_znode count\t7")) {
            try ZooKeeperMonitorValues(parsing: "zk_znode count\t7\n")
        }
        #expect(throws: FourLetterWordParseError.invalidValue(field: "zk_server_state", value: "standqlone")) {
            try ZooKeeperMonitorValues(parsing: "zk_server_state\tstandqlone\n")
        }
    }

    @Test func aSrvrWithAModeNoServerWritesIsRefused() {
        let garbled = Self.standaloneSrvr.replacingOccurrences(of: "Mode: standalone", with: "Mode: standqlone")
        #expect(garbled != Self.standaloneSrvr)
        #expect(throws: FourLetterWordParseError.invalidValue(field: "Mode", value: "standqlone")) {
            try ZooKeeperServerStats(parsing: garbled)
        }
    }

    /// The exact refusal ZooKeeper 3.8.0 sends with the default whitelist.
    @Test func recognisesTheWhitelistRefusalForItsOwnWordOnly() {
        let refusal = "mntr is not executed because it is not in the whitelist.\n"
        #expect(FourLetterWord.mntr.isRefusal(refusal))
        #expect(!FourLetterWord.srvr.isRefusal(refusal))
        #expect(!FourLetterWord.mntr.isRefusal(Self.mntr))
        #expect(FourLetterWord.ruok.isRefusal("ruok is not executed because it is not in the whitelist.\n"))
    }

    /// What ZooKeeper 3.8.0 answers to `srvr` while it starts, or when it has no quorum.
    @Test func recognisesAServerThatIsNotServing() {
        #expect(FourLetterWord.isNotServing("This ZooKeeper instance is not currently serving requests\n"))
        #expect(!FourLetterWord.isNotServing(Self.standaloneSrvr))
        #expect(ZooKeeperError.notServing(Endpoint(host: "zookeeper-0", port: 2181)).description
            == "zookeeper-0:2181 is not serving requests: it is starting up or cannot reach a quorum of its ensemble")
    }

    @Test func theRefusalSentenceSaysWhatToChange() {
        let error = ZooKeeperError.notWhitelisted(Endpoint(host: "zookeeper", port: 2181), .mntr)
        #expect(error.description == "zookeeper:2181 does not allow `mntr`: add it to 4lw.commands.whitelist")
    }

    @Test func connectionSentencesNameTheAddress() {
        let endpoint = Endpoint(host: "zookeeper", port: 2181)
        #expect(ZooKeeperError.connectionRefused(endpoint).description
            == "zookeeper:2181 refused the connection: is ZooKeeper running and listening on port 2181?")
        #expect(ZooKeeperError.connectTimeout(endpoint, seconds: 3).description
            == "zookeeper:2181 did not accept a connection within 3 s: check the address and any firewall or network policy")
        #expect(ZooKeeperError.answerTimeout(endpoint, request: "`srvr`", seconds: 0.5).description
            == "zookeeper:2181 did not answer `srvr` within 0.5 s: the server may be overloaded or stuck")
        #expect(ZooKeeperError.serverError(endpoint, .noAuth, path: "/brokers/ids").description
            == "zookeeper:2181 answered NOAUTH for /brokers/ids: its ACL does not let an unauthenticated client read it")
        #expect(ZooKeeperError.unresolvableHost(endpoint).description
            == "cannot resolve zookeeper (zookeeper:2181): check the host name, or run infratop where cluster DNS names resolve")
    }
}
