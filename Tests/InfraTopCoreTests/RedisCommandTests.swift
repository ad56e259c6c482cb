import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopRedis

@Suite struct RedisCommandTests {
    @Test func encodesCommandAsArrayOfBulkStrings() {
        var buffer = ByteBuffer()
        let written = buffer.writeRedisCommand(RedisCommand("SLOWLOG", "GET", "10"))
        #expect(String(buffer: buffer) == "*3\r\n$7\r\nSLOWLOG\r\n$3\r\nGET\r\n$2\r\n10\r\n")
        #expect(written == buffer.readableBytes)
    }

    @Test func encodesLengthsInBytesNotCharacters() {
        var buffer = ByteBuffer()
        buffer.writeRedisCommand(RedisCommand("ECHO", "é", ""))
        #expect(String(buffer: buffer) == "*3\r\n$4\r\nECHO\r\n$2\r\né\r\n$0\r\n\r\n")
    }

    @Test func encodedCommandDecodesBackToTheSameArguments() throws {
        var buffer = ByteBuffer()
        buffer.writeRedisCommand(RedisCommand("INFO"))
        #expect(String(buffer: buffer) == "*1\r\n$4\r\nINFO\r\n")
        #expect(try RESPDecoder().decode(&buffer) == .array([.bulkString(ByteBuffer(string: "INFO"))]))
    }

    @Test func descriptionHidesPasswords() {
        #expect(RedisCommand("AUTH", "hunter2").description == "AUTH ***")
        #expect(RedisCommand("auth", "ops", "hunter2").description == "auth ops ***")
        #expect(RedisCommand("HELLO", "3", "AUTH", "default", "hunter2").description == "HELLO 3 AUTH default ***")
        #expect(RedisCommand("HELLO", "3", "AUTH", "default", "hunter2").debugDescription == "RedisCommand(HELLO 3 AUTH default ***)")
        #expect(RedisCommand("HELLO", "3").description == "HELLO 3")
        #expect(RedisCommand("INFO").description == "INFO")
    }
}
