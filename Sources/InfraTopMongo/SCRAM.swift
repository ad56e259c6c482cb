import Crypto
import Foundation
import InfraTopBasics

/// Why SCRAM-SHA-256 could not go on. Never holds the password or anything derived from it.
package enum SCRAMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The password holds characters this SASLprep does not handle (see ``SCRAMSHA256``).
    case unsupportedPassword(String)
    /// A server message that is not what RFC 5802 says it should be.
    case malformedServerMessage(String)
    /// The server's nonce does not start with ours.
    case nonceMismatch
    case iterationCountTooLow(Int, minimum: Int)
    case iterationCountTooHigh(Int, maximum: Int)
    /// The server answered with `e=`.
    case serverError(String)
    /// The server's signature is not the one the password gives: it does not know the password,
    /// or something else answered.
    case serverSignatureMismatch

    package var description: String {
        switch self {
        case .unsupportedPassword(let reason): return "the password cannot be used: \(reason)"
        case .malformedServerMessage(let what): return "the server's SCRAM message is malformed: \(what)"
        case .nonceMismatch: return "the server's SCRAM nonce does not extend ours"
        case .iterationCountTooLow(let count, let minimum): return "the server asks for \(count) SCRAM iterations, below the minimum of \(minimum)"
        case .iterationCountTooHigh(let count, let maximum): return "the server asks for \(count) SCRAM iterations, more than the \(maximum) infratop will compute"
        case .serverError(let message): return "the server ended SCRAM with: \(message)"
        case .serverSignatureMismatch: return "the server's SCRAM signature is wrong: it did not prove it knows the password"
        }
    }
}

/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as MongoDB speaks it: no channel
/// binding (`n,,`), no authorization identity.
///
/// SASLprep (RFC 4013) is applied to the password as far as ASCII goes: printable ASCII maps to
/// itself, ASCII control characters are prohibited. A password with any non-ASCII character is
/// refused with a clear error rather than sent unprepared, since a wrong preparation would only
/// show as "authentication failed". The user name is not prepared (MongoDB's auth spec), only
/// escaped (`,` and `=`).
package struct SCRAMSHA256: Sendable {
    /// RFC 5802's minimum; the MongoDB auth spec requires drivers to refuse fewer.
    package static let minimumIterations = 4096
    /// mongod's default is 15,000. Far more is a server asking us to burn CPU for seconds per
    /// connection, so it is refused.
    package static let maximumIterations = 1_000_000

    package let username: String
    private let password: Secret
    private let clientNonce: String
    /// `n=user,r=nonce`: the client-first message without its GS2 header.
    package let clientFirstMessageBare: String

    /// Prepares the exchange; throws when the password cannot be prepared.
    /// `clientNonce` is random unless a test gives one.
    package init(username: String, password: Secret, clientNonce: String? = nil) throws(SCRAMError) {
        _ = try Self.saslPrep(password.revealed)
        self.username = username
        self.password = password
        var generator = SystemRandomNumberGenerator()
        self.clientNonce = clientNonce ?? Data((0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
        let escaped = username.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C")
        clientFirstMessageBare = "n=\(escaped),r=\(self.clientNonce)"
    }

    /// The first message: GS2 header `n,,` and the bare message.
    package var clientFirstMessage: String { "n,," + clientFirstMessageBare }

    /// The second step: the client-final message, and the signature the server must answer with.
    package struct ClientFinal: Sendable {
        /// `c=biws,r=nonce,p=proof`.
        package let message: String
        fileprivate let expectedServerSignature: [UInt8]

        /// Checks the server-final message: the server must prove it knows the password too.
        package func verify(serverFinalMessage: String) throws(SCRAMError) {
            let attributes = try SCRAMSHA256.attributes(serverFinalMessage)
            if let error = attributes["e"] { throw .serverError(error) }
            guard let signatureText = attributes["v"], let signature = Data(base64Encoded: signatureText) else {
                throw .malformedServerMessage("the final message has no v=")
            }
            // Compared whole, not byte by byte until the first difference.
            guard signature.count == expectedServerSignature.count,
                  zip(signature, expectedServerSignature).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 else {
                throw .serverSignatureMismatch
            }
        }
    }

    /// Reads the server-first message and computes the client-final message with its proof.
    package func clientFinal(serverFirstMessage: String) throws(SCRAMError) -> ClientFinal {
        let attributes = try Self.attributes(serverFirstMessage)
        guard let nonce = attributes["r"], let saltText = attributes["s"], let iterationText = attributes["i"] else {
            if let error = attributes["e"] { throw .serverError(error) }
            throw .malformedServerMessage("it lacks r=, s= or i=")
        }
        guard nonce.hasPrefix(clientNonce), nonce.count > clientNonce.count else { throw .nonceMismatch }
        guard let salt = Data(base64Encoded: saltText), !salt.isEmpty else { throw .malformedServerMessage("the salt is not base64") }
        guard let iterations = Int(iterationText) else { throw .malformedServerMessage("the iteration count is not a number") }
        guard iterations >= Self.minimumIterations else { throw .iterationCountTooLow(iterations, minimum: Self.minimumIterations) }
        guard iterations <= Self.maximumIterations else { throw .iterationCountTooHigh(iterations, maximum: Self.maximumIterations) }

        let prepared = try Self.saslPrep(password.revealed)
        let saltedPassword = Self.hi(Array(prepared.utf8), salt: Array(salt), iterations: iterations)
        let clientKey = Self.hmac(saltedPassword, "Client Key")
        let storedKey = Array(SHA256.hash(data: clientKey))
        // c=biws is base64("n,,"): no channel binding.
        let withoutProof = "c=biws,r=\(nonce)"
        let authMessage = clientFirstMessageBare + "," + serverFirstMessage + "," + withoutProof
        let clientSignature = Self.hmac(storedKey, authMessage)
        let proof = zip(clientKey, clientSignature).map { $0 ^ $1 }
        let serverKey = Self.hmac(saltedPassword, "Server Key")
        return ClientFinal(message: withoutProof + ",p=" + Data(proof).base64EncodedString(),
                           expectedServerSignature: Self.hmac(serverKey, authMessage))
    }

    // MARK: - RFC 5802's functions

    /// Hi(str, salt, i): PBKDF2 with HMAC-SHA-256 and one block of output, as RFC 5802 defines it.
    static func hi(_ password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        // The keyed HMAC is set up once and copied for each round.
        let keyed = HMAC<SHA256>(key: SymmetricKey(data: password))
        var round = keyed
        round.update(data: salt + [0, 0, 0, 1])
        var previous = Array(round.finalize())
        var result = previous
        for _ in 1..<max(iterations, 1) {
            var next = keyed
            next.update(data: previous)
            previous = Array(next.finalize())
            for index in result.indices { result[index] ^= previous[index] }
        }
        return result
    }

    static func hmac(_ key: [UInt8], _ message: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key)))
    }

    /// SASLprep for what it covers: ASCII. Printable ASCII is unchanged by every step of RFC 4013;
    /// ASCII controls are prohibited output (C.2.1); anything else is refused.
    static func saslPrep(_ text: String) throws(SCRAMError) -> String {
        for scalar in text.unicodeScalars {
            guard scalar.isASCII else {
                throw .unsupportedPassword("it holds non-ASCII characters, and infratop's SASLprep covers ASCII only")
            }
            guard scalar.value >= 0x20, scalar.value != 0x7F else {
                throw .unsupportedPassword("it holds a control character, which SASLprep prohibits")
            }
        }
        guard !text.isEmpty else { throw .unsupportedPassword("it is empty") }
        return text
    }

    /// `a=value,b=value` into a dictionary; the value is everything after the first `=`.
    fileprivate static func attributes(_ message: String) throws(SCRAMError) -> [Character: String] {
        var result: [Character: String] = [:]
        for part in message.split(separator: ",", omittingEmptySubsequences: false) {
            guard part.count >= 2, let name = part.first, part.dropFirst().first == "=" else {
                throw .malformedServerMessage("\"\(part.prefix(16))\" is not an attribute")
            }
            result[name] = String(part.dropFirst(2))
        }
        return result
    }
}
