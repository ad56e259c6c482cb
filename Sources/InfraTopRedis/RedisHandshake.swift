import NIOCore

extension RedisConnection {
    /// Logs in and picks the protocol: `HELLO 3 [AUTH user pass]`, falling back to
    /// `AUTH` and RESP2 when the server has no HELLO (Redis before 6, or HELLO renamed away).
    ///
    /// Succeeds with the protocol version in use.
    static func handshake(on channel: Channel, endpoint: RedisEndpoint, timeout: TimeAmount) -> EventLoopFuture<Int> {
        var hello = ["HELLO", "3"]
        if let password = endpoint.password {
            hello += ["AUTH", endpoint.username ?? "default", password]
        }
        return send(RedisCommand(hello), on: channel, endpoint: endpoint, timeout: timeout)
            .flatMap { reply -> EventLoopFuture<Int> in
                guard let message = reply.errorMessage else {
                    return channel.eventLoop.makeSucceededFuture(3)
                }
                guard lacksHello(message) else {
                    return channel.eventLoop.makeFailedFuture(RedisFailure.serverError(message, endpoint: endpoint, command: "HELLO"))
                }
                return authenticate(on: channel, endpoint: endpoint, timeout: timeout).map { 2 }
            }
            .flatMap { version in
                selectDatabase(on: channel, endpoint: endpoint, timeout: timeout).map { version }
            }
    }

    /// Whether an error reply to HELLO means "this server has no HELLO / no RESP3".
    static func lacksHello(_ message: String) -> Bool {
        let code = message.prefix { $0 != " " }.uppercased()
        if code == "NOPROTO" { return true }
        return code == "ERR" && message.lowercased().contains("unknown command")
    }

    private static func authenticate(on channel: Channel, endpoint: RedisEndpoint, timeout: TimeAmount) -> EventLoopFuture<Void> {
        guard let password = endpoint.password else { return channel.eventLoop.makeSucceededVoidFuture() }
        // Servers before 6 know only AUTH password, which logs in as the default user.
        let auth = endpoint.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
        return expectOK(RedisCommand(auth), on: channel, endpoint: endpoint, timeout: timeout)
    }

    private static func selectDatabase(on channel: Channel, endpoint: RedisEndpoint, timeout: TimeAmount) -> EventLoopFuture<Void> {
        guard endpoint.database != 0 else { return channel.eventLoop.makeSucceededVoidFuture() }
        return expectOK(RedisCommand("SELECT", String(endpoint.database)), on: channel, endpoint: endpoint, timeout: timeout)
    }

    private static func expectOK(_ command: RedisCommand, on channel: Channel, endpoint: RedisEndpoint, timeout: TimeAmount) -> EventLoopFuture<Void> {
        send(command, on: channel, endpoint: endpoint, timeout: timeout).flatMapThrowing { reply in
            if let message = reply.errorMessage {
                throw RedisFailure.serverError(message, endpoint: endpoint, command: command.name)
            }
        }
    }
}
