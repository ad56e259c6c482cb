import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKubernetes

@Suite struct KubeExecCredentialTests {
    static let token = "exec-s3cret-token"

    func parse(_ json: String, version: String = ExecCredential.v1) throws(ExecPluginError) -> ExecCredential {
        try ExecCredential.parse(Array(json.utf8), apiVersion: version, command: "plugin")
    }

    @Test(arguments: [ExecCredential.v1, ExecCredential.v1beta1])
    func readsATokenWithExpiry(version: String) throws {
        let credential = try parse("""
        {"kind":"ExecCredential","apiVersion":"\(version)","spec":{},
         "status":{"token":"\(Self.token)","expirationTimestamp":"2026-11-25T10:00:00Z"}}
        """, version: version)
        #expect(credential.token == Secret(Self.token))
        let expiry = try #require(credential.expiration)
        #expect(credential.isValid(at: expiry.addingTimeInterval(-1)))
        #expect(!credential.isValid(at: expiry))
    }

    @Test func readsAClientCertificateWithoutExpiry() throws {
        let credential = try parse("""
        {"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1",
         "status":{"clientCertificateData":"-----BEGIN CERTIFICATE-----\\nX\\n","clientKeyData":"-----BEGIN KEY-----\\nY\\n"}}
        """)
        #expect(credential.token == nil)
        #expect(credential.clientCertificatePEM == Array("-----BEGIN CERTIFICATE-----\nX\n".utf8))
        #expect(credential.clientKeyPEM == Secret("-----BEGIN KEY-----\nY\n"))
        #expect(credential.expiration == nil)
        #expect(credential.isValid(at: .distantFuture))
    }

    static let broken: [(String, String)] = [
        ("not json \(token)", "The exec plugin plugin printed something that is not an ExecCredential JSON object"),
        ("{\"kind\":\"Secret\",\"apiVersion\":\"client.authentication.k8s.io/v1\"}", "The exec plugin plugin printed kind \"Secret\" instead of ExecCredential"),
        ("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"status\":{\"token\":\"\(token)\"}}",
         "The exec plugin plugin answered with apiVersion \"client.authentication.k8s.io/v1beta1\" but the kubeconfig asks for client.authentication.k8s.io/v1"),
        ("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\"}", "The exec plugin plugin printed an ExecCredential without a status"),
        ("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{}}", "The exec plugin plugin returned neither a token nor a client certificate"),
        ("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{\"clientKeyData\":\"\(token)\"}}",
         "The exec plugin plugin returned a client certificate without its key, or a key without its certificate"),
        ("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{\"token\":\"\(token)\",\"expirationTimestamp\":\"soon\"}}",
         "The exec plugin plugin returned an expirationTimestamp that is not RFC 3339: \"soon\""),
    ]

    @Test(arguments: broken)
    func rejectsBrokenOutputWithoutQuotingIt(output: String, message: String) {
        #expect(throws: ExecPluginError(message)) { try parse(output) }
    }

    @Test func execInfoCarriesTheClusterOnlyWhenAskedFor() throws {
        let access = ClusterAccess(contextName: "c", server: "https://k:6443", namespace: "n", certificateAuthorityPEM: Array("CA".utf8), tlsServerName: "kubernetes")
        let bare = ExecCredential.execInfo(apiVersion: ExecCredential.v1, interactive: false, cluster: nil)
        #expect(bare == #"{"apiVersion":"client.authentication.k8s.io\/v1","kind":"ExecCredential","spec":{"interactive":false}}"#)
        let withCluster = try JSONSerialization.jsonObject(with: Data(ExecCredential.execInfo(apiVersion: ExecCredential.v1beta1, interactive: false, cluster: access).utf8)) as? [String: Any]
        let cluster = (withCluster?["spec"] as? [String: Any])?["cluster"] as? [String: Any]
        #expect(cluster?["server"] as? String == "https://k:6443")
        #expect(cluster?["certificate-authority-data"] as? String == "Q0E=")
        #expect(cluster?["tls-server-name"] as? String == "kubernetes")
        #expect(withCluster?["apiVersion"] as? String == ExecCredential.v1beta1)
    }
}

/// The plugin runner with real processes: /bin/sh scripts standing in for plugins.
@Suite(.serialized) struct KubeExecPluginRunnerTests {
    func plugin(_ script: String, env: [(String, String)] = [], mode: ExecPluginConfig.InteractiveMode = .never) -> ExecPluginConfig {
        ExecPluginConfig(command: "/bin/sh", args: ["-c", script], env: env.map { (name: $0.0, value: $0.1) }, interactiveMode: mode)
    }

    @Test func passesEnvironmentAndExecInfoAndReadsStandardOutput() throws {
        let output = try ExecPluginRunner.run(plugin("printf '%s|%s' \"$GREETING\" \"$KUBERNETES_EXEC_INFO\"", env: [("GREETING", "hi")]),
                                              execInfo: "{\"x\":1}", timeout: 10)
        #expect(String(decoding: output, as: UTF8.self) == "hi|{\"x\":1}")
    }

    @Test func reportsTheExitStatusAndTheLastLineOfStandardError() {
        #expect(throws: ExecPluginError("The exec plugin /bin/sh exited with status 3: please log in")) {
            try ExecPluginRunner.run(plugin("echo starting >&2; echo please log in >&2; exit 3"), execInfo: "{}", timeout: 10)
        }
    }

    @Test func stopsAPluginThatHangs() {
        let started = Date()
        #expect(throws: ExecPluginError("The exec plugin /bin/sh did not finish within 1 s and was stopped")) {
            try ExecPluginRunner.run(plugin("sleep 30"), execInfo: "{}", timeout: 1)
        }
        // Only tells "stopped" from "ran its 30 s"; timings are not asserted on shared machines.
        #expect(Date().timeIntervalSince(started) < 25)
    }

    @Test func doesNotWaitForADaemonThatKeepsThePipeOpen() throws {
        let started = Date()
        let output = try ExecPluginRunner.run(plugin("(sleep 20 &) ; echo done"), execInfo: "{}", timeout: 10)
        #expect(String(decoding: output, as: UTF8.self) == "done\n")
        // Only tells "returned" from "waited for the daemon's 20 s".
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test func missingCommandShowsTheInstallHint() {
        var missing = ExecPluginConfig(command: "/nonexistent/kubelogin", interactiveMode: .never)
        missing.installHint = "Install kubelogin from your platform team's page."
        #expect(throws: ExecPluginError("The exec plugin /nonexistent/kubelogin was not found. Install kubelogin from your platform team's page.")) {
            try ExecPluginRunner.run(missing, execInfo: "{}", timeout: 5)
        }
    }

    @Test func refusesAPluginThatMustPrompt() {
        #expect(throws: ExecPluginError.self) {
            try ExecPluginRunner.run(plugin("echo", mode: .always), execInfo: "{}", timeout: 5)
        }
    }
}

/// Caching, expiry and refresh of credentials, with a fake plugin and clock.
@Suite struct KubeCredentialProviderTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_800_000_000)
        var now: Date { lock.withLock { current } }
        func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    }

    func execAccess(provideClusterInfo: Bool = false) -> ClusterAccess {
        ClusterAccess(contextName: "ctx", server: "https://k:6443", namespace: "n",
                      credentials: .init(exec: ExecPluginConfig(command: "plugin", provideClusterInfo: provideClusterInfo, interactiveMode: .never)))
    }

    @Test func cachesTheExecCredentialUntilItExpiresAndAfterA401() async throws {
        let clock = Clock()
        let expiry = RFC3339.string(from: clock.now.addingTimeInterval(600))
        let provider = CredentialProvider(access: execAccess(), now: { clock.now }) { _, info in
            #expect(info == #"{"apiVersion":"client.authentication.k8s.io\/v1","kind":"ExecCredential","spec":{"interactive":false}}"#)
            return Array(#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t1","expirationTimestamp":"\#(expiry)"}}"#.utf8)
        }
        #expect(try await provider.current().authorization == Secret("Bearer t1"))
        #expect(try await provider.current().authorization == Secret("Bearer t1"))
        #expect(await provider.pluginRuns == 1)
        clock.advance(599)
        _ = try await provider.current()
        #expect(await provider.pluginRuns == 1)
        clock.advance(1)
        _ = try await provider.current()
        #expect(await provider.pluginRuns == 2)
        await provider.invalidate()
        _ = try await provider.current()
        #expect(await provider.pluginRuns == 3)
        #expect(provider.canRefresh)
    }

    @Test func pluginFailureNamesTheContext() async {
        let provider = CredentialProvider(access: execAccess(), runPlugin: { _, _ in throw ExecPluginError("The exec plugin plugin exited with status 1") })
        await #expect(throws: KubernetesError(.configuration, "The exec plugin plugin exited with status 1 (context ctx)")) {
            try await provider.current()
        }
    }

    @Test func readsATokenFileAgainAfterAMinute() async throws {
        let scratch = try KubeconfigScratch()
        let path = try scratch.write("token", "first\n")
        let clock = Clock()
        let provider = CredentialProvider(access: ClusterAccess(contextName: "in-cluster", server: "https://k", namespace: "n", credentials: .init(tokenFile: path)),
                                          now: { clock.now })
        #expect(try await provider.current().authorization == Secret("Bearer first"))
        try scratch.write("token", "second")
        clock.advance(30)
        #expect(try await provider.current().authorization == Secret("Bearer first"))
        clock.advance(31)
        #expect(try await provider.current().authorization == Secret("Bearer second"))
    }

    @Test func basicAuthAndStaticCertificates() async throws {
        let access = ClusterAccess(contextName: "c", server: "https://k", namespace: "n",
                                   credentials: .init(clientCertificatePEM: [1], clientKeyPEM: Secret("k"), username: "admin", password: Secret("pw")))
        let provider = CredentialProvider(access: access)
        let presented = try await provider.current()
        #expect(presented.authorization == Secret("Basic YWRtaW46cHc="))
        #expect(presented.clientCertificatePEM == [1])
        #expect(!provider.canRefresh)
    }
}
