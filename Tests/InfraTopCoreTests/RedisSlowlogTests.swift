import Foundation
import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopRedis

@Suite struct RedisSlowlogTests {
    @Test func readsEntriesFromSlowlogReply() throws {
        // SLOWLOG GET 2 as Redis 7 sends it: six fields per entry, newest first.
        var buffer = ByteBuffer(string:
            "*2\r\n"
            + "*6\r\n:14\r\n:1700000000\r\n:15230\r\n*3\r\n$3\r\nSET\r\n$5\r\ncart:\r\n$7\r\npayload\r\n$14\r\n10.0.0.7:51234\r\n$13\r\norder-service\r\n"
            + "*6\r\n:13\r\n:1699999990\r\n:12\r\n*1\r\n$4\r\nPING\r\n$15\r\n127.0.0.1:40000\r\n$0\r\n\r\n")
        let reply = try #require(try RESPDecoder().decode(&buffer))
        let entries = try #require(RedisSlowlogEntry.entries(from: reply))
        #expect(entries == [
            RedisSlowlogEntry(id: 14, startedAt: Date(timeIntervalSince1970: 1_700_000_000), durationMicroseconds: 15230,
                              arguments: ["SET", "cart:", "payload"], clientAddress: "10.0.0.7:51234", clientName: "order-service"),
            RedisSlowlogEntry(id: 13, startedAt: Date(timeIntervalSince1970: 1_699_999_990), durationMicroseconds: 12,
                              arguments: ["PING"], clientAddress: "127.0.0.1:40000", clientName: nil),
        ])
    }

    @Test func readsOldFourFieldEntries() throws {
        let reply = RESPValue.array([.array([.integer(1), .integer(1_300_000_000), .integer(99), .array([.bulkString(ByteBuffer(string: "KEYS")), .bulkString(ByteBuffer(string: "*"))])])])
        #expect(RedisSlowlogEntry.entries(from: reply) == [
            RedisSlowlogEntry(id: 1, startedAt: Date(timeIntervalSince1970: 1_300_000_000), durationMicroseconds: 99, arguments: ["KEYS", "*"]),
        ])
    }

    @Test func readsEmptySlowlog() {
        #expect(RedisSlowlogEntry.entries(from: .array([])) == [])
    }

    @Test func rejectsMalformedReplies() {
        #expect(RedisSlowlogEntry.entries(from: .integer(3)) == nil)
        #expect(RedisSlowlogEntry.entries(from: .array([.array([.integer(1), .integer(2)])])) == nil)
        #expect(RedisSlowlogEntry.entries(from: .array([.array([.simpleString("x"), .integer(2), .integer(3), .array([])])])) == nil)
    }
}
