import Foundation
import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopZooKeeper

/// Byte vectors written by hand from zookeeper.jute (big-endian ints and longs, one-byte booleans,
/// buffers and strings as an Int32 length then bytes, -1 for null).
@Suite struct ZooKeeperJuteTests {
    private func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

    private func int(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
    private func long(_ value: Int64) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
    private func string(_ value: String) -> [UInt8] { int(Int32(value.utf8.count)) + Array(value.utf8) }

    // MARK: requests

    @Test func connectRequestIsLengthPrefixedWithTheReadOnlyFlagLast() {
        let frame = JuteConnectRequest(timeoutMilliseconds: 30_000).frame()
        #expect(bytes(frame) == [
            0x00, 0x00, 0x00, 0x2D,                           // frame length 45
            0x00, 0x00, 0x00, 0x00,                           // protocolVersion 0
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // lastZxidSeen 0
            0x00, 0x00, 0x75, 0x30,                           // timeOut 30000
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // sessionId 0 (new session)
            0x00, 0x00, 0x00, 0x10,                           // passwd length 16
        ] + Array(repeating: 0, count: 16) + [
            0x01,                                             // readOnly allowed
        ])
    }

    @Test func getDataCarriesXidOpcodePathAndNoWatch() {
        let frame = JuteRequest.getData(path: "/controller").frame(xid: 7)
        #expect(bytes(frame) == [
            0x00, 0x00, 0x00, 0x18,   // frame length 24
            0x00, 0x00, 0x00, 0x07,   // xid 7
            0x00, 0x00, 0x00, 0x04,   // type 4 getData
            0x00, 0x00, 0x00, 0x0B,   // path length 11
        ] + Array("/controller".utf8) + [
            0x00,                     // watch false
        ])
    }

    @Test func getChildrenAndGetChildren2UseOpcodes8And12() {
        let path = Array("/brokers/ids".utf8)
        #expect(bytes(JuteRequest.getChildren(path: "/brokers/ids").frame(xid: 1)) ==
            [0, 0, 0, 0x19, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 12] + path + [0])
        #expect(bytes(JuteRequest.getChildren2(path: "/brokers/ids").frame(xid: 258)) ==
            [0, 0, 0, 0x19, 0, 0, 1, 2, 0, 0, 0, 12, 0, 0, 0, 12] + path + [0])
    }

    @Test func pingAlwaysUsesXidMinus2AndCloseSessionOpcodeMinus11() {
        #expect(bytes(JuteRequest.ping.frame(xid: 99)) == [0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFE, 0, 0, 0, 11])
        #expect(bytes(JuteRequest.closeSession.frame(xid: 5)) == [0, 0, 0, 8, 0, 0, 0, 5, 0xFF, 0xFF, 0xFF, 0xF5])
    }

    @Test func aPathIsWrittenAsUTF8Bytes() {
        let frame = JuteRequest.getData(path: "/brokers/topics/zählung").frame(xid: 1)
        #expect(bytes(frame).count == 4 + 8 + 4 + "/brokers/topics/zählung".utf8.count + 1)
        #expect(bytes(frame)[12..<16] == [0, 0, 0, 24])
    }

    // MARK: replies

    /// The connect response captured from ZooKeeper 3.8.0 (Debian 12).
    @Test func decodesAConnectResponse() throws {
        let payload: [UInt8] = int(0) + int(30_000) + long(0x0100_0011_5248_0001) + int(16)
            + [0xDD, 0x1D, 0x95, 0xFD, 0x2F, 0x9B, 0xC7, 0x81, 0xAD, 0x68, 0xA0, 0xD3, 0xC4, 0x30, 0x8F, 0xB0] + [0x00]
        let response = try JuteConnectResponse(frame: ByteBuffer(bytes: payload))
        #expect(response == JuteConnectResponse(
            protocolVersion: 0, timeoutMilliseconds: 30_000, sessionID: 0x0100_0011_5248_0001,
            password: [0xDD, 0x1D, 0x95, 0xFD, 0x2F, 0x9B, 0xC7, 0x81, 0xAD, 0x68, 0xA0, 0xD3, 0xC4, 0x30, 0x8F, 0xB0],
            isReadOnly: false
        ))
    }

    @Test func aConnectResponseWithoutTheReadOnlyFlagComesFromAnOldServer() throws {
        let payload = int(0) + int(4000) + long(42) + int(0)
        let response = try JuteConnectResponse(frame: ByteBuffer(bytes: payload))
        #expect(response.isReadOnly == false)
        #expect(response.sessionID == 42)
        #expect(response.timeoutMilliseconds == 4000)
    }

    @Test func decodesGetDataWithStat() throws {
        let json = #"{"version":2,"brokerid":0,"timestamp":"1764061201000","kraftControllerEpoch":-1}"#
        var frame = ByteBuffer(bytes:
            int(1) + long(8) + int(0)                     // reply header: xid 1, zxid 8, err 0
            + string(json)                                // data
            + long(6) + long(6)                           // czxid, mzxid
            + long(0x0000_01A2_1207_CF1E) + long(0x0000_01A2_1207_CF1E) // ctime, mtime
            + int(0) + int(0) + int(0)                    // version, cversion, aversion
            + long(0x0100_0011_5248_0001)                 // ephemeralOwner
            + int(80) + int(0) + long(6)                  // dataLength, numChildren, pzxid
        )
        let header = try JuteReplyHeader(from: &frame)
        #expect(header == JuteReplyHeader(xid: 1, zxid: 8, error: .ok))
        let znode = try ZNodeData(body: frame)
        #expect(znode.data == Array(json.utf8))
        #expect(znode.stat == ZNodeStat(
            createdZxid: 6, modifiedZxid: 6,
            createdMilliseconds: 1_795_598_831_390, modifiedMilliseconds: 1_795_598_831_390,
            version: 0, childVersion: 0, aclVersion: 0, ephemeralOwner: 0x0100_0011_5248_0001,
            dataLength: 80, childCount: 0, childrenModifiedZxid: 6
        ))
        #expect(znode.stat.isEphemeral)
        #expect(znode.stat.createdAt == Date(timeIntervalSince1970: 1_795_598_831.390))
    }

    @Test func decodesNullDataAsNil() throws {
        let body = ByteBuffer(bytes: int(-1) + long(1) + long(1) + long(0) + long(0) + int(0) + int(0) + int(0) + long(0) + int(0) + int(2) + long(3))
        let znode = try ZNodeData(body: body)
        #expect(znode.data == nil)
        #expect(znode.stat.childCount == 2)
        #expect(znode.stat.isEphemeral == false)
    }

    @Test func decodesGetChildrenAndGetChildren2() throws {
        let children = try ZNodeChildren(body: ByteBuffer(bytes: int(2) + string("0") + string("12")), withStat: false)
        #expect(children == ZNodeChildren(names: ["0", "12"], stat: nil))

        let stat = long(2) + long(2) + long(10) + long(20) + int(0) + int(3) + int(0) + long(0) + int(0) + int(1) + long(9)
        let withStat = try ZNodeChildren(body: ByteBuffer(bytes: int(1) + string("orders") + stat), withStat: true)
        #expect(withStat.names == ["orders"])
        #expect(withStat.stat?.childVersion == 3)
        #expect(withStat.stat?.childrenModifiedZxid == 9)
    }

    /// A NONODE reply captured from ZooKeeper 3.8.0: the header alone, no body.
    @Test func anErrorReplyIsAHeaderWithoutBody() throws {
        var frame = ByteBuffer(bytes: [0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0x9B])
        let header = try JuteReplyHeader(from: &frame)
        #expect(header == JuteReplyHeader(xid: 3, zxid: 8, error: .noNode))
        #expect(header.error.name == "NONODE")
        #expect(frame.readableBytes == 0)
    }

    @Test func errorCodesHaveZooKeepersNames() {
        #expect(ZooKeeperErrorCode(rawValue: -102).name == "NOAUTH")
        #expect(ZooKeeperErrorCode(rawValue: -112).name == "SESSIONEXPIRED")
        #expect(ZooKeeperErrorCode(rawValue: -4).name == "CONNECTIONLOSS")
        #expect(ZooKeeperErrorCode(rawValue: -999).name == "UNKNOWN(-999)")
    }

    // MARK: frames and garbage

    @Test func aFrameSplitAcrossReadsIsNeedMoreUntilComplete() throws {
        var buffer = ByteBuffer(bytes: [0, 0, 0])
        #expect(try JuteFrameDecoder.nextFrame(from: &buffer, maximumFrameLength: 100) == nil)
        buffer.writeBytes([5, 1, 2])
        #expect(try JuteFrameDecoder.nextFrame(from: &buffer, maximumFrameLength: 100) == nil)
        #expect(buffer.readableBytes == 6)
        buffer.writeBytes([3, 4, 5, 9])
        let frame = try JuteFrameDecoder.nextFrame(from: &buffer, maximumFrameLength: 100)
        #expect(frame.map(bytes) == [1, 2, 3, 4, 5])
        #expect(bytes(buffer) == [9])
    }

    @Test func anOversizedFrameIsRejectedBeforeItsBytesArrive() {
        var buffer = ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: JuteDecodingError.frameTooLarge(length: Int(Int32.max), limit: 1 << 20)) {
            try JuteFrameDecoder.nextFrame(from: &buffer, maximumFrameLength: 1 << 20)
        }
    }

    @Test func aNegativeFrameLengthIsGarbage() {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xF0, 1, 2])
        #expect(throws: JuteDecodingError.negativeFrameLength(-16)) {
            try JuteFrameDecoder.nextFrame(from: &buffer, maximumFrameLength: 100)
        }
    }

    @Test func aTruncatedReplyHeaderIsTyped() {
        var frame = ByteBuffer(bytes: [0, 0, 0, 1, 0, 0])
        #expect(throws: JuteDecodingError.truncated(field: "reply zxid")) {
            try JuteReplyHeader(from: &frame)
        }
    }

    @Test func aTruncatedStatIsTyped() {
        let body = ByteBuffer(bytes: int(0) + long(1) + long(1))
        #expect(throws: JuteDecodingError.truncated(field: "stat ctime")) {
            try ZNodeData(body: body)
        }
    }

    @Test func aDataLengthBeyondTheFrameIsRejected() {
        let body = ByteBuffer(bytes: int(1_000_000) + [1, 2, 3])
        #expect(throws: JuteDecodingError.invalidLength(field: "znode data", length: 1_000_000)) {
            try ZNodeData(body: body)
        }
    }

    @Test func aChildCountBeyondTheFrameIsRejectedWithoutAllocating() {
        let body = ByteBuffer(bytes: int(Int32.max) + string("a"))
        #expect(throws: JuteDecodingError.invalidLength(field: "children", length: Int32.max)) {
            try ZNodeChildren(body: body, withStat: false)
        }
    }

    @Test func aChildNameThatIsNotUTF8IsRejected() {
        let body = ByteBuffer(bytes: int(1) + int(2) + [0xC3, 0x28])
        #expect(throws: JuteDecodingError.invalidUTF8(field: "element of the children")) {
            try ZNodeChildren(body: body, withStat: false)
        }
    }

    @Test func bytesAfterTheLastFieldAreRejected() {
        let body = ByteBuffer(bytes: int(0) + [0xAA])
        #expect(throws: JuteDecodingError.trailingBytes(count: 1)) {
            try ZNodeChildren(body: body, withStat: false)
        }
    }
}
