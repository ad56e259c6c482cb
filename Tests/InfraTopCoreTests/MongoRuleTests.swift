import Foundation
import InfraTopBasics
import InfraTopCore
import InfraTopFixtures
import InfraTopMongo
import Testing

/// MongoRule's finding for services that name MongoDB in their environment (the lab's scenario
/// gives every service MONGODB_URL) while MongoDB does not answer.
@Suite struct MongoRuleTests {
    static let now = Cluster.labStart

    @Test func servicesNamingMongoDBWhileItDoesNotAnswerAreAFinding() throws {
        var store = Store(notConnectedReasons: [:])
        store.record(try Cluster.eCommerceSaga(), at: Self.now)
        store.start(.mongodb, at: Self.now.addingTimeInterval(-10))
        store.recordFailure(.mongodb, error: CollectorError("MongoDB at mongodb:27017 refused the connection"), at: Self.now)
        let snapshot = store.snapshot(at: Self.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        let finding = try #require(MongoRule().findings(in: snapshot).first)
        #expect(finding.rule == "mongodb-unreachable-for-services")
        #expect(finding.severity == .critical)
        #expect(finding.cause.hasSuffix("use MongoDB (MONGODB_URL) but MongoDB is not answering"), "\(finding.cause)")
        #expect(finding.subject == Finding.Subject(component: "mongodb", source: .mongodb))
        // While it answers, the same services are no finding.
        store.record(MongoSample(takenAt: Self.now, role: .standalone), at: Self.now)
        let live = store.snapshot(at: Self.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        #expect(!MongoRule().findings(in: live).contains { $0.rule == "mongodb-unreachable-for-services" })
    }

}
