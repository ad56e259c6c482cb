import NIOCore
import NIOPosix
import Testing
@testable import InfraTopCore
@testable import InfraTopRedis

@Suite struct RedisFailureTests {
    let endpoint = RedisEndpoint(host: "redis", port: 6379, password: "hunter2")

    @Test(arguments: [
        ("WRONGPASS invalid username-password pair or user is disabled.", "WRONGPASS from redis:6379 — check REDIS_PASSWORD"),
        ("NOAUTH Authentication required.", "NOAUTH from redis:6379 — check REDIS_PASSWORD"),
        ("NOPERM this user has no permissions to run the 'slowlog' command", "NOPERM from redis:6379: the Redis user may not run INFO — grant it in the ACL"),
        ("ERR unknown command 'HELLO', with args beginning with: '3' 'AUTH' 'default' 'hunter2' ",
         "Redis at redis:6379 refused INFO: ERR unknown command 'HELLO', with args beginning with: '3' 'AUTH' 'default' '***' "),
    ])
    func putsServerErrorsIntoSentences(reply: String, sentence: String) {
        let error = RedisFailure.serverError(reply, endpoint: endpoint, command: "INFO")
        #expect(error.message == sentence)
        #expect(!error.message.contains("hunter2"))
    }

    @Test func putsTransportFailuresIntoSentences() {
        #expect(RedisFailure.transport(RedisTransportError.timedOut, endpoint: endpoint, command: "INFO", timeout: .seconds(3)).message
            == "Redis at redis:6379 did not answer INFO within 3 s")
        #expect(RedisFailure.transport(RedisTransportError.timedOut, endpoint: endpoint, command: "HELLO", timeout: .milliseconds(1500)).message
            == "Redis at redis:6379 did not answer HELLO within 1.5 s")
        #expect(RedisFailure.transport(RedisTransportError.closed, endpoint: endpoint, command: "INFO", timeout: .seconds(3)).message
            == "connection to redis:6379 closed — Redis may have restarted or dropped the client")
        #expect(RedisFailure.transport(RedisTransportError.protocolViolation(.unknownType(0x48)), endpoint: endpoint, command: "INFO", timeout: .seconds(3)).message
            == "redis:6379 does not speak RESP as expected: reply is not RESP: unexpected type byte 0x48")
    }

    @Test func putsConnectFailuresIntoSentences() {
        #expect(RedisFailure.connecting(to: endpoint, timeout: .seconds(3), error: IOError(errnoCode: ECONNREFUSED, reason: "connect")).message
            == "connection refused by redis:6379 — is Redis running?")
        #expect(RedisFailure.connecting(to: endpoint, timeout: .seconds(3), error: ChannelError.connectTimeout(.seconds(3))).message
            == "no answer from redis:6379 within 3 s — check the network path to Redis")
        #expect(RedisFailure.connecting(to: endpoint, timeout: .seconds(3), error: IOError(errnoCode: EHOSTUNREACH, reason: "connect")).message
            == "redis:6379 is unreachable — check the network path to Redis")
    }

    @Test func recognisesServersWithoutHello() {
        #expect(RedisConnection.lacksHello("ERR unknown command 'HELLO', with args beginning with: '3' "))
        #expect(RedisConnection.lacksHello("ERR unknown command `HELLO`, with args beginning with: `3`, "))
        #expect(RedisConnection.lacksHello("NOPROTO unsupported protocol version"))
        #expect(!RedisConnection.lacksHello("WRONGPASS invalid username-password pair or user is disabled."))
        #expect(!RedisConnection.lacksHello("NOAUTH HELLO must be called with the client already authenticated"))
        #expect(!RedisConnection.lacksHello("ERR Protocol error"))
    }

    @Test func redactsOnlyWhenThereIsAPassword() {
        #expect(RedisFailure.redacting("a hunter2 b", from: endpoint) == "a *** b")
        #expect(RedisFailure.redacting("a hunter2 b", from: RedisEndpoint(host: "redis")) == "a hunter2 b")
    }
}
