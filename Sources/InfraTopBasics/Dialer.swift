import NIOCore
import NIOPosix

/// Opens the byte stream a protocol client talks over: a TCP connection, or a tunnel to a pod's
/// port through the Kubernetes API server. Every protocol client (Kafka, Redis, ZooKeeper's
/// four-letter words and its jute session) connects through one of these.
package protocol Dialer: Sendable {
    /// Connects to `endpoint`, lets `initializer` add the protocol's handlers, and succeeds once
    /// the stream is open, with `channelActive` delivered to those handlers as on a new TCP
    /// connection. Fails within `connectTimeout` (plus a tunnel's handshake) whatever the peer does.
    func connect(
        to endpoint: Endpoint, on eventLoop: any EventLoop, connectTimeout: TimeAmount,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel>

    /// True while connections go through the Kubernetes API rather than to the address asked
    /// for: Kafka then reaches each broker at its pod instead of what it advertises.
    var isTunnelling: Bool { get }
}

extension Dialer {
    package var isTunnelling: Bool { false }
}

/// Plain TCP, with Nagle off: requests are small and answered one by one.
package struct DirectDialer: Dialer {
    package init() {}

    package func connect(
        to endpoint: Endpoint, on eventLoop: any EventLoop, connectTimeout: TimeAmount,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel> {
        ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer(initializer)
            .connect(host: endpoint.host, port: endpoint.port)
    }
}
