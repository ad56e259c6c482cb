import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopZooKeeper

/// A loopback server that answers every connection the same scripted way, to see how the
/// ZooKeeper clients cope with what a real server never sends.
private final class ScriptedServer: Sendable {
    enum Script: Sendable {
        /// Accepts and never says a word.
        case silent
        /// Writes these bytes, then keeps the connection open.
        case send([UInt8])
        /// Writes these bytes in chunks forever, never closing.
        case flood(chunk: Int)
    }

    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    init(_ script: Script) throws {
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ScriptHandler(script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .wait()
    }

    func stop() { try? channel.close().wait() }
}

private final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let script: ScriptedServer.Script
    init(script: ScriptedServer.Script) { self.script = script }

    func channelActive(context: ChannelHandlerContext) {
        switch script {
        case .silent:
            break
        case .send(let bytes):
            context.writeAndFlush(NIOAny(ByteBuffer(bytes: bytes)), promise: nil)
        case .flood(let size):
            let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            @Sendable func write() {
                let context = loopBound.value
                guard context.channel.isActive else { return }
                context.writeAndFlush(NIOAny(chunk)).whenSuccess { write() }
            }
            write()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

@Suite(.serialized) struct ZooKeeperMisbehavingServerTests {
    private func endpoint(_ server: ScriptedServer) -> Endpoint { Endpoint(host: "127.0.0.1", port: server.port) }

    @Test func aSilentServerTimesOutAWordWithTheAddress() async throws {
        let server = try ScriptedServer(.silent)
        defer { server.stop() }
        let client = FourLetterWordClient(endpoint: endpoint(server), answerTimeout: .milliseconds(300))
        await #expect(throws: ZooKeeperError.answerTimeout(endpoint(server), request: "`srvr`", seconds: 0.3)) {
            try await client.serverStats().get()
        }
    }

    @Test func anEndlessAnswerIsCutAtTheCap() async throws {
        let server = try ScriptedServer(.flood(chunk: 4096))
        defer { server.stop() }
        let client = FourLetterWordClient(endpoint: endpoint(server), answerTimeout: .seconds(5), maximumAnswerBytes: 64 * 1024)
        await #expect(throws: ZooKeeperError.answerTooLarge(endpoint(server), request: "`mntr`", limit: 64 * 1024)) {
            try await client.monitorValues().get()
        }
    }

    @Test func anOversizedHandshakeFrameIsRejectedBeforeItArrives() async throws {
        // Announces a 2 GiB frame; the session must fail at once rather than wait for (or allocate) it.
        let server = try ScriptedServer(.send([0x7F, 0xFF, 0xFF, 0xFF, 0, 0]))
        defer { server.stop() }
        await #expect(throws: ZooKeeperError.malformedAnswer(
            endpoint(server), request: "the session handshake", detail: "a frame of 2147483647 bytes exceeds the 1048576-byte limit"
        )) {
            try await ZooKeeperSession.open(to: endpoint(server)).get()
        }
    }

    @Test func aTruncatedHandshakeIsMalformed() async throws {
        // A complete 6-byte frame cannot hold a connect response.
        let server = try ScriptedServer(.send([0, 0, 0, 6, 0, 0, 0, 0, 0, 0]))
        defer { server.stop() }
        await #expect(throws: ZooKeeperError.malformedAnswer(
            endpoint(server), request: "the session handshake", detail: "a frame ended before its session timeout"
        )) {
            try await ZooKeeperSession.open(to: endpoint(server)).get()
        }
    }

    @Test func aRefusedSessionIsASentence() async throws {
        // Timeout 0, session id 0 and an empty 16-byte password: how a server turns a client away.
        let server = try ScriptedServer(.send([0, 0, 0, 37] + [0, 0, 0, 0] + [0, 0, 0, 0] + [UInt8](repeating: 0, count: 8)
            + [0, 0, 0, 16] + [UInt8](repeating: 0, count: 16) + [0]))
        defer { server.stop() }
        await #expect(throws: ZooKeeperError.sessionRefused(endpoint(server))) {
            try await ZooKeeperSession.open(to: endpoint(server)).get()
        }
        #expect(ZooKeeperError.sessionRefused(endpoint(server)).description
            == "127.0.0.1:\(server.port) refused to open a session: the server may have lost its quorum")
    }

    /// The poll deadline is shorter than the per-answer timeouts, so only it can end the poll;
    /// a second poll that arrives meanwhile shares the outcome, and nothing completes twice.
    @Test func aPollCompletesExactlyOnceByItsDeadline() async throws {
        let server = try ScriptedServer(.silent)
        defer { server.stop() }
        let collector = ZooKeeperCollector(configuration: .init(
            endpoint: endpoint(server), requestTimeout: .seconds(5), pollTimeout: .milliseconds(500)
        ))
        let outcomes = NIOLockedValueBox<[Result<ZooKeeperSample, CollectorError>]>([])
        collector.poll { outcome in outcomes.withLockedValue { $0.append(outcome) } }
        collector.poll { outcome in outcomes.withLockedValue { $0.append(outcome) } }
        // A poll that blocked its caller would have finished (by its 0.5 s deadline) by now.
        #expect(outcomes.withLockedValue { $0.isEmpty }, "poll must not block its caller")
        try await Task.sleep(for: .seconds(2))
        let expected = CollectorError("127.0.0.1:\(server.port) did not finish answering within 0.5 s: the server may be overloaded or stuck")
        #expect(outcomes.withLockedValue { $0 } == [.failure(expected), .failure(expected)])
    }

    @Test func anUnresolvableHostIsASentence() async {
        let endpoint = Endpoint(host: "zookeeper.invalid", port: 2181)
        let collector = ZooKeeperCollector(configuration: .init(endpoint: endpoint, connectTimeout: .seconds(2), pollTimeout: .seconds(8)))
        let outcome = await withCheckedContinuation { continuation in collector.poll { continuation.resume(returning: $0) } }
        #expect(outcome == .failure(CollectorError(
            "cannot resolve zookeeper.invalid (zookeeper.invalid:2181): check the host name, or run infratop where cluster DNS names resolve"
        )))
    }
}
