import NIOCore
import NIOPosix
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKubernetes

/// `--reach auto`: direct when the host connects, else through the API, per source.
@Suite struct SourceReachTests {
    /// Tunnels to an API server that is not there: what `auto` falls back to here is the refusal.
    private func tunnels() throws -> PodTunnels {
        let access = ClusterAccess(contextName: "nowhere", server: "https://127.0.0.1:1", namespace: "e-commerce-saga")
        return PodTunnels(dialer: try PortForwardDialer(access: access), client: nil) { nil }
    }

    private let noHandlers: @Sendable (any Channel) -> EventLoopFuture<Void> = { $0.eventLoop.makeSucceededVoidFuture() }

    @Test func aHostThatConnectsIsReachedDirectly() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let server = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let endpoint = Endpoint(host: "127.0.0.1", port: server.localAddress!.port!)
        let reach = SourceReach(mode: .auto, component: nil, tunnels: try tunnels())
        let channel = try await reach.connect(to: endpoint, on: group.next(), connectTimeout: .seconds(2), initializer: noHandlers).get()
        try await channel.close()
        try await server.close()
        #expect(reach.route(for: endpoint) == .direct)
        #expect(!reach.isTunnelling)
    }

    @Test func aHostThatDoesNotConnectIsTunnelledToAndTheRefusalSaysWhy() async throws {
        let reach = SourceReach(mode: .auto, component: nil, tunnels: try tunnels())
        let endpoint = Endpoint(host: "127.0.0.1", port: 1)
        await #expect(throws: PortForwardError.self) {
            _ = try await reach.connect(to: endpoint, on: MultiThreadedEventLoopGroup.singleton.next(), connectTimeout: .seconds(2),
                                        initializer: noHandlers).get()
        }
        // The refusal is about the endpoint (an address names no pod), so the choice stands.
        #expect(reach.isTunnelling)
        #expect(reach.route(for: endpoint) == nil)
    }

    @Test func directModeNeverTunnels() async throws {
        let reach = SourceReach(mode: .direct, component: nil, tunnels: try tunnels())
        await #expect(throws: (any Error).self) {
            _ = try await reach.connect(to: Endpoint(host: "127.0.0.1", port: 1), on: MultiThreadedEventLoopGroup.singleton.next(),
                                        connectTimeout: .seconds(2), initializer: noHandlers).get()
        }
        #expect(!reach.isTunnelling)
    }

    @Test func apiModeWithoutAKubeconfigSaysSo() async throws {
        let reach = SourceReach(mode: .api, component: nil, tunnels: nil, noTunnelsReason: "Kubernetes not connected: No kubeconfig found")
        do {
            _ = try await reach.connect(to: Endpoint(host: "redis", port: 6379), on: MultiThreadedEventLoopGroup.singleton.next(),
                                        connectTimeout: .seconds(2), initializer: noHandlers).get()
            Issue.record("there is no way through the API without a kubeconfig")
        } catch let error as PortForwardError {
            #expect(error.message == "cannot tunnel to redis:6379 through the Kubernetes API: Kubernetes not connected: No kubeconfig found")
        }
    }
}
