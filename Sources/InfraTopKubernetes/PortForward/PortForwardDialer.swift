import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import InfraTopBasics

/// Opens tunnels to pods' ports through the API server, as `kubectl port-forward` does, over a
/// WebSocket on `pods/{pod}/portforward` speaking the channel protocol
/// (``PortForwardChannelHandler``).
///
/// Built on SwiftNIO's own `NIOWebSocket` (client upgrader, frame codec) over NIOSSL: the
/// protocol clients already run on NIO channels, so a tunnel is just a different pipeline
/// beneath the same handlers.
///
/// The API server is reached exactly as ``KubernetesClient`` reaches it: the kubeconfig's CA,
/// client certificate, bearer token or exec plugin, `tls-server-name`, and no proxy. One tunnel
/// carries one connection (the channel protocols have no multiplexing); the number open at once
/// is bounded, and a tunnel that carries nothing for ``Configuration/idleTimeout`` is closed.
package final class PortForwardDialer: Sendable {
    package struct Configuration: Sendable {
        /// TCP, TLS, the upgrade and the port frames together must finish within this.
        var handshakeTimeout: TimeAmount
        /// The largest WebSocket frame accepted from the server; larger ones end the tunnel.
        package var maximumFrameSize: Int
        /// Tunnels open at once, across pods and ports.
        var maximumTunnels: Int
        /// A tunnel with no traffic either way for this long is closed.
        var idleTimeout: TimeAmount

        package init(handshakeTimeout: TimeAmount = .seconds(5), maximumFrameSize: Int = 1 << 20,
                     maximumTunnels: Int = 64, idleTimeout: TimeAmount = .seconds(300)) {
            self.handshakeTimeout = handshakeTimeout
            self.maximumFrameSize = maximumFrameSize
            self.maximumTunnels = maximumTunnels
            self.idleTimeout = idleTimeout
        }
    }

    /// The subprotocols offered, best first. Only the binary channel protocols are spoken; the
    /// base64 ones and SPDY (`portforward.k8s.io`, KEP-4006's tunnel) are not offered, so a
    /// server that speaks only those refuses the upgrade and says so.
    static let subprotocols = ["v4.channel.k8s.io", "channel.k8s.io"]

    package let access: ClusterAccess
    package let namespace: String
    package let configuration: Configuration
    private let credentials: CredentialProvider
    private let host: String
    private let port: Int
    private let pathPrefix: String
    /// The name sent in SNI and checked in the certificate: tls-server-name, else the server's host.
    private let serverHostname: String?
    private let hostHeader: String
    private let tls: NIOSSLContext?
    private let pluginTLS = Locked<(certificate: [UInt8], context: NIOSSLContext)?>(nil)
    private let open = Locked<[PodPort: Int]>([:])

    /// One pod's port.
    package struct PodPort: Hashable, Sendable, CustomStringConvertible {
        package var pod: String
        package var port: Int
        package init(pod: String, port: Int) {
            self.pod = pod
            self.port = port
        }
        package var description: String { "\(pod):\(port)" }
    }

    package init(access: ClusterAccess, namespace: String? = nil, credentials: CredentialProvider? = nil,
                 configuration: Configuration = Configuration()) throws {
        self.access = access
        self.namespace = namespace ?? access.namespace
        self.configuration = configuration
        self.credentials = credentials ?? CredentialProvider(access: access)
        guard let components = URLComponents(string: access.server), let host = components.host,
              let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            throw KubernetesError(.configuration, "The server of context \(access.contextName), \(access.server), is not a URL")
        }
        let isTLS = scheme == "https"
        self.host = host
        self.port = components.port ?? (isTLS ? 443 : 80)
        self.pathPrefix = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        let name = access.tlsServerName ?? host
        self.serverHostname = isTLS && (access.tlsServerName != nil || !isAddress) ? name : nil
        let defaultPort = isTLS ? 443 : 80
        let shownHost = host.contains(":") ? "[\(host)]" : host
        self.hostHeader = components.port.map { $0 == defaultPort ? shownHost : "\(shownHost):\($0)" } ?? shownHost
        if isTLS {
            let settings = try TLSSettings.make(access: access, clientCertificatePEM: access.credentials.clientCertificatePEM,
                                                clientKeyPEM: access.credentials.clientKeyPEM)
            tls = try NIOSSLContext(configuration: settings)
        } else {
            tls = nil
        }
    }

    /// Tunnels open now, per pod and port.
    var openTunnels: [PodPort: Int] { open.withLock { $0 } }

    /// Opens a tunnel to `port` of `pod`, lets `initializer` add the protocol's handlers above it,
    /// and succeeds once the server has named the port on both channels. Fails with a
    /// ``PortForwardError``: the API server's refusal (403 with the Role rule to add, 404, 400),
    /// the container refusing the port, or the handshake deadline.
    package func connect(
        pod: String, port: Int, on eventLoop: any EventLoop, connectTimeout: TimeAmount,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel> {
        let target = PodPort(pod: pod, port: port)
        let admitted = open.withLock { open -> Bool in
            guard open.values.reduce(0, +) < configuration.maximumTunnels else { return false }
            open[target, default: 0] += 1
            return true
        }
        guard admitted else {
            return eventLoop.makeFailedFuture(PortForwardError(.tooManyTunnels,
                "\(configuration.maximumTunnels) tunnels through the API server are open already; not opening one to pod \(pod) port \(port)"))
        }
        let release: @Sendable () -> Void = { [open] in
            open.withLock { open in
                open[target, default: 1] -= 1
                if open[target] == 0 { open[target] = nil }
            }
        }
        let credentials = credentials
        let attempt = eventLoop.makeFutureWithTask { try await credentials.current() }
            .flatMap { presented in
                self.open(target, presented: presented, on: eventLoop, connectTimeout: connectTimeout, initializer: initializer)
            }
            .flatMapError { error -> EventLoopFuture<any Channel> in
                // A 401 may be an expired token: ask the plugin or the file again, once.
                guard let error = error as? PortForwardError, error.kind == .unauthorized, credentials.canRefresh else {
                    return eventLoop.makeFailedFuture(error)
                }
                return eventLoop.makeFutureWithTask { await credentials.invalidate(); return try await credentials.current() }
                    .flatMap { self.open(target, presented: $0, on: eventLoop, connectTimeout: connectTimeout, initializer: initializer) }
            }
        attempt.whenComplete { result in
            switch result {
            case .success(let channel): channel.closeFuture.whenComplete { _ in release() }
            case .failure: release()
            }
        }
        return attempt
    }

    private func open(
        _ target: PodPort, presented: PresentedCredentials, on eventLoop: any EventLoop, connectTimeout: TimeAmount,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel> {
        let sslContext: NIOSSLContext?
        do {
            sslContext = try context(for: presented)
        } catch {
            return eventLoop.makeFailedFuture(PortForwardError(.notConfigured, "\(error)"))
        }
        let ready = eventLoop.makePromise(of: Void.self)
        let refusal = UpgradeRefusalHandler(target: target, context: access.contextName, server: access.server, ready: ready)
        let upgrader = NIOWebSocketClientUpgrader(maxFrameSize: configuration.maximumFrameSize, automaticErrorHandling: false) {
            [idleTimeout = configuration.idleTimeout] channel, response in
            channel.eventLoop.makeCompletedFuture {
                let chosen = response.headers["Sec-WebSocket-Protocol"].first?.trimmingCharacters(in: .whitespaces)
                if let chosen, !chosen.isEmpty, !Self.subprotocols.contains(chosen) {
                    throw PortForwardError(.protocolViolation, "the API server chose the WebSocket protocol \(chosen), which was not offered")
                }
                let sync = channel.pipeline.syncOperations
                sync.removeHandler(refusal, promise: nil)
                try sync.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                try sync.addHandler(PortForwardChannelHandler(pod: target.pod, port: target.port, ready: ready))
            }
        }
        let serverHostname = serverHostname
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let sslContext {
                        try sync.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
                    }
                    // Port frames often arrive with the 101 itself: keep those bytes for the WebSocket decoder.
                    try sync.addHTTPClientHandlers(
                        leftOverBytesStrategy: .forwardBytes,
                        withClientUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                    try sync.addHandler(refusal)
                }
            }
        let handshakeTimeout = configuration.handshakeTimeout
        let description = "pod \(target.pod) port \(target.port)"
        let server = access.server
        let purpose = RequestPurpose(verb: "create", resource: "pods/portforward", namespace: namespace, name: target.pod)
        return bootstrap.connect(host: host, port: port)
            .flatMapErrorThrowing { error in
                throw PortForwardError(.unreachable, TransportFailure.describe(error, purpose: purpose, server: server, timeout: nil).message)
            }
            .flatMap { channel in
                let deadline = eventLoop.scheduleTask(in: handshakeTimeout) {
                    ready.fail(PortForwardError(.timedOut,
                        "the API server did not open the tunnel to \(description) within \(handshakeTimeout.nanoseconds / 1_000_000_000) s"))
                }
                ready.futureResult.whenComplete { _ in deadline.cancel() }
                channel.writeAndFlush(HTTPClientRequestPart.head(self.requestHead(target, presented: presented)), promise: nil)
                channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                return ready.futureResult
                    .flatMap {
                        initializer(channel).flatMapThrowing {
                            let sync = channel.pipeline.syncOperations
                            let handler = try sync.handler(type: PortForwardChannelHandler.self)
                            try handler.activate(context: try sync.context(handler: handler))
                            return channel
                        }
                    }
                    .flatMapError { error in
                        channel.close(promise: nil)
                        return eventLoop.makeFailedFuture(error)
                    }
            }
    }

    private func requestHead(_ target: PodPort, presented: PresentedCredentials) -> HTTPRequestHead {
        let path = "\(pathPrefix)/api/v1/namespaces/\(QueryString.escape(namespace))/pods/\(QueryString.escape(target.pod))/portforward?ports=\(target.port)"
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: hostHeader)
        headers.add(name: "User-Agent", value: "infratop")
        headers.add(name: "Sec-WebSocket-Protocol", value: Self.subprotocols.joined(separator: ", "))
        if let authorization = presented.authorization {
            headers.add(name: "Authorization", value: authorization.revealed)
        }
        return HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
    }

    /// The TLS context for these credentials: the kubeconfig's, or one for an exec plugin's certificate.
    private func context(for presented: PresentedCredentials) throws -> NIOSSLContext? {
        guard let tls else { return nil }
        guard let certificate = presented.clientCertificatePEM, certificate != access.credentials.clientCertificatePEM else { return tls }
        if let cached = pluginTLS.withLock({ $0 }), cached.certificate == certificate { return cached.context }
        let settings = try TLSSettings.make(access: access, clientCertificatePEM: certificate, clientKeyPEM: presented.clientKeyPEM)
        let context = try NIOSSLContext(configuration: settings)
        pluginTLS.withLock { $0 = (certificate, context) }
        return context
    }
}

/// Reads the answer when the API server does not switch protocols, and turns its `Status` into
/// a ``PortForwardError``. Removed from the pipeline once the upgrade succeeds.
final class UpgradeRefusalHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPClientResponsePart

    private let target: PortForwardDialer.PodPort
    private let contextName: String
    private let server: String
    private let ready: EventLoopPromise<Void>
    private let state = Locked<(status: Int?, body: [UInt8])>((nil, []))
    static let maximumBodyBytes = 64 << 10

    init(target: PortForwardDialer.PodPort, context: String, server: String, ready: EventLoopPromise<Void>) {
        self.target = target
        self.contextName = context
        self.server = server
        self.ready = ready
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            state.withLock { $0.status = Int(head.status.code) }
        case .body(let buffer):
            state.withLock { state in
                let room = Self.maximumBodyBytes - state.body.count
                if room > 0 { state.body += buffer.getBytes(at: buffer.readerIndex, length: min(room, buffer.readableBytes)) ?? [] }
            }
        case .end:
            let (status, body) = state.withLock { ($0.status ?? 0, $0.body) }
            ready.fail(Self.error(status: status, body: body, target: target, context: contextName, server: server))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A server that closes TLS without close_notify has still said everything it sent; the
        // connection's end is handled as it comes (channelInactive), the bytes before it first.
        if let error = error as? NIOSSLError, case .uncleanShutdown = error { return }
        let failure: PortForwardError
        switch error {
        case let error as PortForwardError:
            failure = error
        case let error as NIOHTTPClientUpgradeError where error == .upgraderDeniedUpgrade:
            failure = PortForwardError(.protocolViolation, "the API server's WebSocket handshake for pod \(target.pod) port \(target.port) did not check out (Sec-WebSocket-Accept)")
        case let error as NIOHTTPClientUpgradeError where error == .responseProtocolNotFound:
            failure = PortForwardError(.protocolViolation, "the API server switched pod \(target.pod) port \(target.port) to a protocol other than WebSocket")
        default:
            let purpose = RequestPurpose(verb: "create", resource: "pods/portforward", name: target.pod)
            failure = PortForwardError(.unreachable, TransportFailure.describe(error, purpose: purpose, server: server, timeout: nil).message)
        }
        failSoon(failure, context: context)
        context.close(promise: nil)
    }

    /// Fails the opening unless the tunnel names a better reason first: the server may have sent
    /// the 101, the port frames, the kubelet's error and its close in one burst, and closed TLS
    /// without close_notify; the upgrade still has those bytes to hand to the tunnel. A second
    /// leaves room for a loaded machine (200 ms was seen to lose the race on CI) and is still well
    /// inside the handshake deadline.
    private func failSoon(_ failure: PortForwardError, context: ChannelHandlerContext) {
        let ready = ready
        context.eventLoop.scheduleTask(in: .seconds(1)) { ready.fail(failure) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failSoon(PortForwardError(.unreachable, "the API server at \(server) closed the connection while opening a tunnel to pod \(target.pod) port \(target.port)"),
                 context: context)
        context.fireChannelInactive()
    }

    /// The sentence for an HTTP answer other than 101, from its status code and `Status` body.
    static func error(status: Int, body: [UInt8], target: PortForwardDialer.PodPort, context: String, server: String) -> PortForwardError {
        let decoded = try? JSONDecoder().decode(Status.self, from: Data(body))
        let message = decoded.map { TerminalText.oneLine($0.message) }.flatMap { $0.isEmpty ? nil : $0 }
        let pod = target.pod
        switch status {
        case 401:
            return PortForwardError(.unauthorized, "the API server at \(server) rejected the credentials of context \(context) (401) when opening a tunnel to pod \(pod)")
        case 403:
            return PortForwardError(.forbidden,
                "RBAC forbids opening a tunnel to pod \(pod)" + (message.map { " (\($0))" } ?? "")
                + "; add to the Role: \(PortForwardError.roleRule)")
        case 404:
            return PortForwardError(.podAbsent, "pod \(pod) does not exist" + (message.map { " (\($0))" } ?? ""))
        case 400 where message?.contains("does not have a host assigned") == true:
            return PortForwardError(.podNotRunning, "pod \(pod) is not scheduled on a node, so nothing runs there to reach (\(message!))")
        default:
            let shown = message ?? "no reason given"
            return PortForwardError(.rejected, "the API server answered \(status) to a tunnel to pod \(pod) port \(target.port): \(shown)")
        }
    }
}
