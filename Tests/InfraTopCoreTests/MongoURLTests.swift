import Testing
@testable import InfraTopBasics
@testable import InfraTopMongo

private func parseError(_ text: String) -> String? {
    do {
        _ = try MongoURL(parsing: text)
        return nil
    } catch {
        return error.message
    }
}

@Suite struct MongoURLTests {
    @Test func hostAloneTakesTheDefaults() throws {
        let url = try MongoURL(parsing: "mongodb://mongodb")
        #expect(url == MongoURL(host: "mongodb", port: 27017, usesTLS: false, username: nil, authSource: "admin", password: nil))
        #expect(url.address == "mongodb:27017")
        #expect(url.description == "mongodb://mongodb:27017")
    }

    @Test func userPortTLSAndAuthSource() throws {
        let url = try MongoURL(parsing: "mongodb://monitor@mongo-0.db:27018/?tls=true&authSource=ops", password: Secret("s3cret"))
        #expect(url.host == "mongo-0.db")
        #expect(url.port == 27018)
        #expect(url.usesTLS)
        #expect(url.username == "monitor")
        #expect(url.authSource == "ops")
        #expect(url.password == Secret("s3cret"))
        #expect(url.description == "mongodb://monitor@mongo-0.db:27018/?tls=true&authSource=ops")
        #expect(url.debugDescription == "MongoURL(mongodb://monitor@mongo-0.db:27018/?tls=true&authSource=ops, password: set)")
        #expect(!String(reflecting: url).contains("s3cret"))
        #expect(!"\(url)".contains("s3cret"))
    }

    @Test func theDatabaseIsTheAuthSourceUnlessOneIsGiven() throws {
        // e-commerce-saga's services use mongodb://mongodb:27017/saga.
        #expect(try MongoURL(parsing: "mongodb://app@mongodb:27017/saga").authSource == "saga")
        #expect(try MongoURL(parsing: "mongodb://app@mongodb:27017/saga?authSource=admin").authSource == "admin")
        #expect(try MongoURL(parsing: "mongodb://app@mongodb:27017/").authSource == "admin")
    }

    @Test func sslIsTLSAndOptionNamesIgnoreCase() throws {
        #expect(try MongoURL(parsing: "mongodb://h/?ssl=true").usesTLS)
        #expect(try MongoURL(parsing: "mongodb://h/?TLS=TRUE").usesTLS)
        #expect(try !MongoURL(parsing: "mongodb://h/?tls=false").usesTLS)
        #expect(try MongoURL(parsing: "mongodb://h/?directConnection=true&replicaSet=rs0&appName=x&authMechanism=SCRAM-SHA-256").host == "h")
    }

    @Test func percentEncodedUser() throws {
        #expect(try MongoURL(parsing: "mongodb://ops%40team@h").username == "ops@team")
    }

    @Test func ipv6() throws {
        let url = try MongoURL(parsing: "mongodb://[::1]:27019")
        #expect(url.host == "::1")
        #expect(url.port == 27019)
        #expect(url.address == "[::1]:27019")
        #expect(try MongoURL(parsing: "mongodb://[fe80::1]").port == 27017)
    }

    @Test func aPasswordInTheURLIsRefusedWithoutRepeatingIt() {
        let message = parseError("mongodb://monitor:hunter2@mongodb:27017")
        #expect(message == "the MongoDB URL carries a password; remove it from the URL and give it through MONGODB_PASSWORD or a password file")
        #expect(message?.contains("hunter2") == false)
        #expect(parseError("mongodb://monitor:@mongodb") == message)
    }

    @Test func refusals() {
        #expect(parseError("redis://h") == "MongoDB URL must start with mongodb://")
        #expect(parseError("mongodb+srv://cluster0.example.net") == "mongodb+srv:// URLs need a DNS SRV lookup that infratop does not do — give mongodb://HOST:PORT of the server to watch")
        #expect(parseError("mongodb://a:27017,b:27017") == "the MongoDB URL names several hosts; infratop watches one mongod — give one HOST:PORT")
        #expect(parseError("mongodb://") == "MongoDB URL has no host name")
        #expect(parseError("mongodb://h:port") == "MongoDB URL has an invalid port; expected a number such as 27017")
        #expect(parseError("mongodb://h:0") == "MongoDB URL port 0 is outside 1–65535")
        #expect(parseError("mongodb://[::1") == "MongoDB URL has an unclosed [ in its IPv6 address")
        #expect(parseError("mongodb://h/?tls=yes") == "MongoDB URL option tls must be true or false")
        #expect(parseError("mongodb://h/?authSource=") == "MongoDB URL option authSource is empty")
        #expect(parseError("mongodb://h/?authMechanism=SCRAM-SHA-1") == "MongoDB URL asks for authMechanism SCRAM-SHA-1; infratop speaks SCRAM-SHA-256 only")
        #expect(parseError("mongodb://h/?tlsCAFile=/ca.pem") == "MongoDB URL option tlsCAFile is not one infratop knows (tls, authSource, authMechanism, directConnection, replicaSet, appName)")
    }
}
