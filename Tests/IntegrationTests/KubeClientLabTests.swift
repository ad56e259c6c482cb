import Foundation
import InfraTopCore
import Testing
import InfraTopKubernetes

/// The REST client against the lab's API stand-in: every way of authenticating, errors, pages and logs.
@Suite(.serialized, .enabled(if: KubeLab.isAvailable, "the lab needs python3 and openssl"))
struct KubeClientLabTests {
    @Test(arguments: ["token", "cert", "cert-data", "exec", "http"])
    func listsPodsWithEveryKindOfCredential(mode: String) async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client(mode)
        let pods = try await client.list(.pods, namespace: "e-commerce-saga", as: Pod.self)
        await client.shutdown()
        let names = pods.items.map(\.metadata.name)
        #expect(names.contains("kafka-0"))
        #expect(names.contains("redis-0"))
        #expect(!pods.metadata.resourceVersion.isEmpty)
    }

    @Test func execPluginRunsOnceWhileItsCredentialIsValid() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client("exec")
        _ = try await client.list(.pods, namespace: "e-commerce-saga", as: Pod.self)
        _ = try await client.list(.events, namespace: "e-commerce-saga", as: Event.self)
        #expect(await client.credentials.pluginRuns == 1)
        await client.shutdown()
    }

    @Test func pagesThroughALongList() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let paged = try lab.client("token", configuration: .init(requestTimeout: 10, pageSize: 2))
        let whole = try lab.client("token", configuration: .init(requestTimeout: 10, pageSize: 0))
        let pages = try await paged.list(.pods, namespace: "e-commerce-saga", as: Pod.self)
        let single = try await whole.list(.pods, namespace: "e-commerce-saga", as: Pod.self)
        await paged.shutdown()
        await whole.shutdown()
        #expect(pages.items.count > 2)
        #expect(pages.items.map(\.metadata.name) == single.items.map(\.metadata.name))
    }

    @Test func forbiddenQuotesRBAC() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client("restricted")
        await #expect {
            _ = try await client.list(.pods, namespace: "e-commerce-saga", as: Pod.self)
        } throws: { error in
            let error = try #require(error as? KubernetesError)
            return error.kind == .forbidden
                && error.message.hasPrefix("RBAC forbids list pods in namespace e-commerce-saga: pods is forbidden: User \"lab-restricted\"")
        }
        await client.shutdown()
    }

    @Test(arguments: ["wrong-token", "basic"])
    func unauthorizedNamesTheContextAndNoSecret(mode: String) async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client(mode)
        do {
            _ = try await client.list(.pods, namespace: "e-commerce-saga", as: Pod.self)
            Issue.record("listed without credentials the lab accepts")
        } catch let error as KubernetesError {
            #expect(error.kind == .unauthorized)
            #expect(error.message.hasPrefix("Unauthorized for context lab-\(mode):"))
            let password = (try? String(contentsOfFile: "\(lab.directory)/basic-password", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            #expect(!error.message.contains(password) && !error.message.contains("not-a-lab-token"))
        }
        await client.shutdown()
    }

    @Test func refusedConnectionAndUntrustedServerAreSentences() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        var access = try lab.access("token")
        // A CA that did not sign the lab's server certificate: the client certificate will do.
        access.certificateAuthorityPEM = Array(try Data(contentsOf: URL(fileURLWithPath: "\(lab.directory)/client.crt")))
        let untrusted = try KubernetesClient(access: access)
        await #expect {
            _ = try await untrusted.list(.pods, namespace: "e-commerce-saga", as: Pod.self)
        } throws: { error in
            let error = try #require(error as? KubernetesError)
            return error.kind == .tls && error.message.contains(access.server)
        }
        await untrusted.shutdown()

        // Port 1, where nobody listens: a port the stopped lab freed could be taken by a parallel test's lab.
        var refused = try lab.access("token")
        refused.server = "https://127.0.0.1:1"
        let client = try KubernetesClient(access: refused)
        await #expect {
            _ = try await client.list(.pods, namespace: "e-commerce-saga", as: Pod.self)
        } throws: { error in
            let error = try #require(error as? KubernetesError)
            return error.kind == .transport && error.message == "Cannot list pods in namespace e-commerce-saga at \(client.access.server): connection refused; is the API server running?"
        }
        await client.shutdown()
    }

    @Test func logsPreviousContainerTailAndFollow() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let client = try lab.client("token")
        defer { Task { await client.shutdown() } }
        let pods = try await client.list(.pods, namespace: "e-commerce-saga", as: Pod.self)
        let order = try #require(pods.items.first { $0.metadata.name.hasPrefix("order-service-") }).metadata.name

        var previous: [String] = []
        for try await line in client.logs(pod: order, namespace: "e-commerce-saga", options: LogOptions(previous: true)) {
            previous.append(line)
        }
        #expect(previous.contains { $0.contains("Could not import module \"app.main\"") })

        var tail: [String] = []
        for try await line in client.logs(pod: "redis-0", namespace: "e-commerce-saga", options: LogOptions(container: "metrics", tailLines: 3, timestamps: true)) {
            tail.append(line)
        }
        #expect(tail.count == 3)
        #expect(tail.allSatisfy { RFC3339.date(from: String($0.prefix { $0 != " " })) != nil })

        await #expect {
            for try await _ in client.logs(pod: "redis-0", namespace: "e-commerce-saga") {}
        } throws: { error in
            (error as? KubernetesError)?.message.contains("a container name must be specified for pod redis-0") == true
        }

        // Follow: the first lines come, and cancelling ends the stream.
        let followed = Task { () -> [String] in
            var lines: [String] = []
            for try await line in client.logs(pod: "redis-0", namespace: "e-commerce-saga", options: LogOptions(container: "redis", follow: true, tailLines: 2)) {
                lines.append(line)
                if lines.count == 2 { break }
            }
            return lines
        }
        #expect(try await followed.value.count == 2)
    }
}
