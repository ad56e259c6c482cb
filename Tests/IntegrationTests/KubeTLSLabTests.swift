import Foundation
import InfraTopCore
import Testing
import InfraTopKubernetes

/// TLS choices from the kubeconfig against the lab's server certificate (SANs 127.0.0.1 and
/// localhost), and the exec plugin's refresh after a 401.
@Suite(.serialized, .enabled(if: KubeLab.isAvailable, "the lab needs python3 and openssl"))
struct KubeTLSLabTests {
    func listPods(_ access: ClusterAccess, credentials: CredentialProvider? = nil) async throws -> [Pod] {
        let client = try KubernetesClient(access: access, configuration: .init(requestTimeout: 10, connectTimeout: 3), credentials: credentials)
        do {
            let pods = try await client.list(.pods, namespace: "e-commerce-saga", as: Pod.self).items
            await client.shutdown()
            return pods
        } catch {
            await client.shutdown()
            throw error
        }
    }

    @Test func tlsServerNameConnectsToTheServerAddressUnderAnotherName() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        var access = try lab.access("token")
        // The name does not resolve: success shows the connection went to the server's own address.
        access.tlsServerName = "kubernetes.default.svc"
        #expect(try await !listPods(access).isEmpty)

        // A wrong name cannot be shown failing here: NIOSSL also accepts a certificate whose IP SAN
        // matches the connected address, and the lab's certificate holds IP:127.0.0.1.
    }

    @Test func insecureSkipTLSVerifyTrustsAnyServer() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        var access = try lab.access("token")
        access.certificateAuthorityPEM = nil
        // Without the lab's CA the system roots do not trust it...
        await #expect {
            _ = try await listPods(access)
        } throws: { error in
            (error as? KubernetesError)?.kind == .tls
        }
        // ...unless the kubeconfig says to skip verification.
        access.insecureSkipTLSVerify = true
        #expect(try await !listPods(access).isEmpty)
    }

    @Test func a401RunsTheExecPluginOnceMoreThenSucceedsOrNamesTheContext() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let access = try lab.access("exec")
        let goodToken = try String(contentsOfFile: "\(lab.directory)/exec-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        @Sendable func credential(_ token: String) -> [UInt8] {
            Array(#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"\#(token)"}}"#.utf8)
        }
        // The first credential is stale (the server rejects it); the second is fresh.
        let runs = RunCounter()
        let refreshing = CredentialProvider(access: access, runPlugin: { _, _ in
            credential(runs.next() == 1 ? "stale-token" : goodToken)
        })
        #expect(try await !listPods(access, credentials: refreshing).isEmpty)
        #expect(await refreshing.pluginRuns == 2)

        let alwaysStale = CredentialProvider(access: access, runPlugin: { _, _ in credential("stale-token") })
        await #expect {
            _ = try await listPods(access, credentials: alwaysStale)
        } throws: { error in
            let error = try #require(error as? KubernetesError)
            return error.kind == .unauthorized && error.message.hasPrefix("Unauthorized for context lab-exec:") && !error.message.contains("stale-token")
        }
        #expect(await alwaysStale.pluginRuns == 2)
    }

    @Test func anExecPluginMayAnswerWithAClientCertificate() async throws {
        let lab = try KubeLab()
        defer { lab.stop() }
        let access = try lab.access("exec")
        let certificate = try String(contentsOfFile: "\(lab.directory)/client.crt", encoding: .utf8)
        let key = try String(contentsOfFile: "\(lab.directory)/client.key", encoding: .utf8)
        let object: [String: Any] = [
            "kind": "ExecCredential", "apiVersion": "client.authentication.k8s.io/v1",
            "status": ["clientCertificateData": certificate, "clientKeyData": key],
        ]
        let output = Array(try JSONSerialization.data(withJSONObject: object))
        let provider = CredentialProvider(access: access, runPlugin: { _, _ in output })
        let client = try KubernetesClient(access: access, configuration: .init(requestTimeout: 10, connectTimeout: 3), credentials: provider)
        let pods = try await client.list(.pods, namespace: "e-commerce-saga", as: Pod.self)
        let events = try await client.list(.events, namespace: "e-commerce-saga", as: Event.self)
        await client.shutdown()
        #expect(!pods.items.isEmpty && !events.items.isEmpty)
        #expect(await provider.pluginRuns == 1)
    }

    @Test func unresolvableServerIsASentenceNamingIt() async throws {
        let access = ClusterAccess(contextName: "gone", server: "https://no-such-host.invalid:6443", namespace: "n")
        let started = Date()
        await #expect {
            _ = try await listPods(access)
        } throws: { error in
            let error = try #require(error as? KubernetesError)
            return error.message == "Cannot list pods in namespace e-commerce-saga at https://no-such-host.invalid:6443: the name no-such-host.invalid does not resolve (DNS)"
        }
        // Only tells an answer from a hang; timings are not asserted on shared machines.
        #expect(Date().timeIntervalSince(started) < 60)
    }
}

final class RunCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
}
