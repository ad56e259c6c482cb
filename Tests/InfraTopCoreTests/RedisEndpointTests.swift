import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopRedis

@Suite struct RedisEndpointTests {
    @Test func parsesPlainURL() throws {
        let endpoint = try RedisEndpoint(url: "redis://redis:6379")
        #expect(endpoint == RedisEndpoint(host: "redis", port: 6379, usesTLS: false, username: nil, password: nil, database: 0))
        #expect(endpoint.description == "redis://redis:6379")
    }

    @Test func defaultsPortAndDatabase() throws {
        let endpoint = try RedisEndpoint(url: "redis://cache")
        #expect(endpoint.port == 6379)
        #expect(endpoint.database == 0)
    }

    @Test func parsesTLSUserPasswordAndDatabase() throws {
        let endpoint = try RedisEndpoint(url: "rediss://app:s3cr%40t@cache.example:6380/2")
        #expect(endpoint == RedisEndpoint(host: "cache.example", port: 6380, usesTLS: true, username: "app", password: "s3cr@t", database: 2))
    }

    @Test func acceptsPasswordWithoutUser() throws {
        let endpoint = try RedisEndpoint(url: "redis://:hunter2@redis:6379/0")
        #expect(endpoint.username == nil)
        #expect(endpoint.password == "hunter2")
    }

    @Test func neverShowsThePassword() throws {
        let endpoint = try RedisEndpoint(url: "rediss://app:hunter2@cache.example:6380/2")
        #expect(endpoint.description == "rediss://app@cache.example:6380/2")
        #expect(endpoint.debugDescription == "RedisEndpoint(rediss://app@cache.example:6380/2, password: set)")
        #expect(!String(describing: endpoint).contains("hunter2"))
        #expect(!String(reflecting: endpoint).contains("hunter2"))
        #expect(!"\(endpoint)".contains("hunter2"))
    }

    @Test func dumpDoesNotShowThePassword() throws {
        let endpoint = try RedisEndpoint(url: "redis://app:hunter2@redis:6379")
        var dumped = ""
        dump(endpoint, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(dumped.contains("***"))
        var dumpedCommand = ""
        dump(RedisCommand("AUTH", "app", "hunter2"), to: &dumpedCommand)
        #expect(!dumpedCommand.contains("hunter2"))
    }

    @Test func separatePasswordWinsOverTheURL() throws {
        #expect(try RedisEndpoint(url: "redis://:inurl@redis:6379", password: "fromenv").password == "fromenv")
        #expect(try RedisEndpoint(url: "redis://:inurl@redis:6379", password: nil).password == "inurl")
        #expect(try RedisEndpoint(url: "redis://redis:6379", password: "fromenv").password == "fromenv")
    }

    @Test func parsesIPv6Literal() throws {
        let endpoint = try RedisEndpoint(url: "redis://[::1]:7000")
        #expect(endpoint.host == "::1")
        #expect(endpoint.port == 7000)
        #expect(endpoint.address == "[::1]:7000")
    }

    @Test(arguments: [
        ("http://redis:6379", "Redis URL must start with redis:// or rediss://"),
        ("redis://redis:port", "Redis URL has an invalid port; expected a number such as 6379"),
        ("redis://redis:70000", "Redis URL port 70000 is outside 1–65535"),
        ("redis://:6379", "Redis URL has no host name"),
        ("redis://redis:6379/x", "Redis URL database must be a number such as /0"),
    ])
    func rejectsBadURLs(url: String, message: String) {
        #expect(throws: CollectorError(message)) { try RedisEndpoint(url: url) }
    }

    @Test func errorForBadURLDoesNotRepeatThePassword() {
        #expect(throws: CollectorError("Redis URL has an invalid port; expected a number such as 6379")) {
            try RedisEndpoint(url: "redis://u:hunter2@redis:notaport")
        }
    }
}
