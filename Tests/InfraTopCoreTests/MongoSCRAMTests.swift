import Testing
@testable import InfraTopBasics
@testable import InfraTopMongo

/// RFC 7677, section 3: the SCRAM-SHA-256 exchange of user "user" with password "pencil".
private let clientNonce = "rOprNGfwEbeRWgbNEkqO"
private let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
private let clientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
private let serverFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

private func rfcClient() throws -> SCRAMSHA256 {
    try SCRAMSHA256(username: "user", password: Secret("pencil"), clientNonce: clientNonce)
}

@Suite struct MongoSCRAMTests {
    @Test func followsRFC7677sExchange() throws {
        let client = try rfcClient()
        #expect(client.clientFirstMessage == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let final = try client.clientFinal(serverFirstMessage: serverFirst)
        #expect(final.message == clientFinal)
        try final.verify(serverFinalMessage: serverFinal)
    }

    @Test func aWrongServerSignatureIsRefused() throws {
        let client = try rfcClient().clientFinal(serverFirstMessage: serverFirst)
        #expect(throws: SCRAMError.serverSignatureMismatch) {
            try client.verify(serverFinalMessage: "v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        }
        #expect(throws: SCRAMError.serverSignatureMismatch) { try client.verify(serverFinalMessage: "v=AAAA") }
        #expect(throws: SCRAMError.serverError("invalid-proof")) { try client.verify(serverFinalMessage: "e=invalid-proof") }
        #expect(throws: SCRAMError.malformedServerMessage("the final message has no v=")) { try client.verify(serverFinalMessage: "x=1") }
    }

    @Test func anotherPasswordGivesAnotherProof() throws {
        let client = try SCRAMSHA256(username: "user", password: Secret("pencil2"), clientNonce: clientNonce)
        let final = try client.clientFinal(serverFirstMessage: serverFirst)
        #expect(final.message != clientFinal)
        #expect(final.message.hasPrefix("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p="))
        #expect(throws: SCRAMError.serverSignatureMismatch) { try final.verify(serverFinalMessage: serverFinal) }
    }

    @Test func theServerNonceMustExtendOurs() throws {
        let client = try rfcClient()
        #expect(throws: SCRAMError.nonceMismatch) {
            try client.clientFinal(serverFirstMessage: "r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        }
        #expect(throws: SCRAMError.nonceMismatch) {
            try client.clientFinal(serverFirstMessage: "r=\(clientNonce),s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        }
    }

    @Test func iterationCountsAreBounded() throws {
        let client = try rfcClient()
        #expect(throws: SCRAMError.iterationCountTooLow(4095, minimum: 4096)) {
            try client.clientFinal(serverFirstMessage: "r=\(clientNonce)x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4095")
        }
        #expect(throws: SCRAMError.iterationCountTooHigh(1_000_001, maximum: 1_000_000)) {
            try client.clientFinal(serverFirstMessage: "r=\(clientNonce)x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1000001")
        }
        #expect(throws: SCRAMError.malformedServerMessage("the iteration count is not a number")) {
            try client.clientFinal(serverFirstMessage: "r=\(clientNonce)x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=lots")
        }
    }

    @Test func malformedServerFirstMessages() throws {
        let client = try rfcClient()
        #expect(throws: SCRAMError.malformedServerMessage("it lacks r=, s= or i=")) {
            try client.clientFinal(serverFirstMessage: "r=\(clientNonce)x,i=4096")
        }
        #expect(throws: SCRAMError.serverError("unknown-user")) {
            try client.clientFinal(serverFirstMessage: "e=unknown-user")
        }
        #expect(throws: SCRAMError.malformedServerMessage("the salt is not base64")) {
            try client.clientFinal(serverFirstMessage: "r=\(clientNonce)x,s=!!,i=4096")
        }
        #expect(throws: SCRAMError.malformedServerMessage("\"garbage\" is not an attribute")) {
            try client.clientFinal(serverFirstMessage: "garbage")
        }
    }

    @Test func userNamesAreEscapedNotPrepared() throws {
        let client = try SCRAMSHA256(username: "a,b=c", password: Secret("pencil"), clientNonce: "n")
        #expect(client.clientFirstMessage == "n,,n=a=2Cb=3Dc,r=n")
    }

    @Test func saslPrepCoversASCIIAndRefusesTheRest() throws {
        #expect(try SCRAMSHA256.saslPrep("p@ss w0rd~!") == "p@ss w0rd~!")
        #expect(throws: SCRAMError.unsupportedPassword("it holds a control character, which SASLprep prohibits")) {
            try SCRAMSHA256(username: "u", password: Secret("tab\there"))
        }
        #expect(throws: SCRAMError.unsupportedPassword("it holds non-ASCII characters, and infratop's SASLprep covers ASCII only")) {
            try SCRAMSHA256(username: "u", password: Secret("pässword"))
        }
        #expect(throws: SCRAMError.unsupportedPassword("it is empty")) { try SCRAMSHA256(username: "u", password: Secret("")) }
    }

    @Test func randomNoncesDiffer() throws {
        let first = try SCRAMSHA256(username: "u", password: Secret("p"))
        let second = try SCRAMSHA256(username: "u", password: Secret("p"))
        #expect(first.clientFirstMessage != second.clientFirstMessage)
        // 24 random bytes, base64: 32 characters.
        #expect(first.clientFirstMessage.count == "n,,n=u,r=".count + 32)
    }

    @Test func neitherStepPrintsThePassword() throws {
        let client = try SCRAMSHA256(username: "user", password: Secret("pencil"), clientNonce: clientNonce)
        let final = try client.clientFinal(serverFirstMessage: serverFirst)
        for text in [String(describing: client), String(reflecting: client), String(reflecting: final)] {
            #expect(!text.contains("pencil"))
        }
    }
}
