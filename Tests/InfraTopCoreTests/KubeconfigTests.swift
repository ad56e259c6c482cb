import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKubernetes

/// A scratch directory of kubeconfig files, removed when the test ends.
final class KubeconfigScratch {
    let directory: String

    init() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("infratop-kubeconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func loader(kubeconfigEnv: String? = nil, explicit: String? = nil, context: String? = nil, namespace: String? = nil,
                environment: [String: String] = [:]) -> KubeconfigLoader {
        var env = environment
        if let kubeconfigEnv { env["KUBECONFIG"] = kubeconfigEnv }
        return KubeconfigLoader(explicitPath: explicit, context: context, namespace: namespace, environment: env,
                                homeDirectory: (directory as NSString).appendingPathComponent("home"),
                                inCluster: InClusterConfig(directory: (directory as NSString).appendingPathComponent("sa")))
    }
}

@Suite struct KubeconfigTests {
    static let secretToken = "s3cr3t-t0ken-value"
    static let secretKey = "-----BEGIN PRIVATE KEY-----\nTOPSECRETKEY\n-----END PRIVATE KEY-----\n"

    static let first = """
    apiVersion: v1
    kind: Config
    current-context: ""
    clusters:
    - name: lab
      cluster:
        server: https://127.0.0.1:6443
        certificate-authority: certs/ca.crt
        tls-server-name: kubernetes.default
    users:
    - name: operator
      user:
        token: \(secretToken)
    contexts:
    - name: lab
      context: {cluster: lab, user: operator, namespace: e-commerce-saga}
    """

    static let second = """
    current-context: lab
    clusters:
    - name: lab
      cluster:
        server: https://ignored.example:1
    - name: other
      cluster:
        server: https://other.example:443/
        insecure-skip-tls-verify: true
    users:
    - name: operator
      user:
        token: ignored
    - name: certs
      user:
        client-certificate: client.crt
        client-key-data: \(Data(secretKey.utf8).base64EncodedString())
    contexts:
    - name: other
      context: {cluster: other, user: certs}
    """

    @Test func mergesFilesFirstWinsAndTakesCurrentContextFromTheFirstThatSetsOne() throws {
        let scratch = try KubeconfigScratch()
        let a = try scratch.write("a/config", Self.first)
        try scratch.write("a/certs/ca.crt", "CA PEM")
        let b = try scratch.write("b/config", Self.second)
        try scratch.write("b/client.crt", "CERT PEM")
        let loader = scratch.loader(kubeconfigEnv: "\(a)::\(scratch.directory)/missing:\(b)")
        let config = try #require(try loader.loadKubeconfig())
        #expect(config.files == [a, b])
        #expect(config.currentContext == "lab")
        #expect(config.clusters["lab"]?.server == "https://127.0.0.1:6443")
        #expect(config.users["operator"]?.token == Secret(Self.secretToken))
        #expect(config.clusters["lab"]?.certificateAuthority == "\(scratch.directory)/a/certs/ca.crt")
        #expect(config.users["certs"]?.clientCertificate == "\(scratch.directory)/b/client.crt")

        let access = try loader.load()
        #expect(access.contextName == "lab")
        #expect(access.namespace == "e-commerce-saga")
        #expect(access.certificateAuthorityPEM == Array("CA PEM".utf8))
        #expect(access.tlsServerName == "kubernetes.default")
        #expect(access.credentials.token == Secret(Self.secretToken))
    }

    @Test func contextOverrideAndNamespaceOverride() throws {
        let scratch = try KubeconfigScratch()
        let a = try scratch.write("a/config", Self.first)
        try scratch.write("a/certs/ca.crt", "CA PEM")
        let b = try scratch.write("b/config", Self.second)
        try scratch.write("b/client.crt", "CERT PEM")
        let access = try scratch.loader(kubeconfigEnv: "\(a):\(b)", context: "other").load()
        #expect(access.server == "https://other.example:443")
        #expect(access.namespace == "default")
        #expect(access.insecureSkipTLSVerify)
        #expect(access.credentials.clientCertificatePEM == Array("CERT PEM".utf8))
        #expect(access.credentials.clientKeyPEM == Secret(Self.secretKey))
        let overridden = try scratch.loader(kubeconfigEnv: "\(a):\(b)", namespace: "kube-system").load()
        #expect(overridden.namespace == "kube-system")
    }

    @Test func explicitPathWinsOverKUBECONFIGAndMustExist() throws {
        let scratch = try KubeconfigScratch()
        let a = try scratch.write("a/config", Self.first)
        try scratch.write("a/certs/ca.crt", "CA PEM")
        let b = try scratch.write("b/config", Self.second)
        try scratch.write("b/client.crt", "CERT PEM")
        let loader = scratch.loader(kubeconfigEnv: a, explicit: b, context: "other")
        #expect(try loader.load().server == "https://other.example:443")
        let missing = scratch.loader(explicit: "\(scratch.directory)/nope")
        #expect(throws: KubeconfigError("\(scratch.directory)/nope: no such kubeconfig file")) { try missing.load() }
    }

    @Test func defaultsToHomeKubeConfig() throws {
        let scratch = try KubeconfigScratch()
        try scratch.write("home/.kube/config", Self.second)
        try scratch.write("home/.kube/client.crt", "CERT PEM")
        #expect(try scratch.loader(context: "other").load().server == "https://other.example:443")
    }

    @Test func readsEveryUserAuthField() throws {
        let scratch = try KubeconfigScratch()
        let path = try scratch.write("config", """
        current-context: c
        clusters:
        - name: k
          cluster:
            server: https://k:6443
            certificate-authority-data: \(Data("CA".utf8).base64EncodedString())
        users:
        - name: basic
          user: {username: admin, password: hunter2}
        - name: file
          user: {tokenFile: tokens/t}
        - name: certdata
          user:
            client-certificate-data: \(Data("CERT".utf8).base64EncodedString())
            client-key-data: \(Data("KEY".utf8).base64EncodedString())
        - name: exec
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: ./bin/plugin
              args: [get-token, --cluster, k]
              env:
              - {name: A, value: "1"}
              installHint: install it
              provideClusterInfo: true
              interactiveMode: Never
        - name: number
          user: {token: 12345}
        contexts:
        - {name: c, context: {cluster: k, user: basic}}
        - {name: f, context: {cluster: k, user: file}}
        - {name: d, context: {cluster: k, user: certdata}}
        - {name: e, context: {cluster: k, user: exec}}
        - {name: n, context: {cluster: k, user: number}}
        - {name: anonymous, context: {cluster: k}}
        """)
        let config = try #require(try scratch.loader(explicit: path).loadKubeconfig())
        let basic = try config.access()
        #expect(basic.credentials.username == "admin")
        #expect(basic.credentials.password == Secret("hunter2"))
        #expect(basic.certificateAuthorityPEM == Array("CA".utf8))
        #expect(try config.access(context: "f").credentials.tokenFile == "\(scratch.directory)/tokens/t")
        let certs = try config.access(context: "d").credentials
        #expect(certs.clientCertificatePEM == Array("CERT".utf8))
        #expect(certs.clientKeyPEM == Secret("KEY"))
        let exec = try #require(try config.access(context: "e").credentials.exec)
        #expect(exec.command == "\(scratch.directory)/bin/plugin")
        #expect(exec.args == ["get-token", "--cluster", "k"])
        #expect(exec.env.map(\.name) == ["A"] && exec.env.map(\.value) == ["1"])
        #expect(exec.apiVersion == ExecCredential.v1beta1)
        #expect(exec.installHint == "install it")
        #expect(exec.provideClusterInfo)
        #expect(exec.interactiveMode == .never)
        // A token that YAML would read as a number stays the text written.
        #expect(try config.access(context: "n").credentials.token == Secret("12345"))
        #expect(try config.access(context: "anonymous").credentials == ClusterAccess.Credentials())
    }

    @Test func bareExecCommandIsLeftForPATH() throws {
        let config = try Kubeconfig.parse("""
        users:
        - name: u
          user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: gke-gcloud-auth-plugin}}
        """, file: "/x/config")
        #expect(config.users["u"]?.exec?.command == "gke-gcloud-auth-plugin")
        #expect(config.users["u"]?.exec?.interactiveMode == .ifAvailable)
    }

    static let badInputs: [(String, String)] = [
        ("clusters: [", "/cfg: not valid YAML: line"),
        ("- just\n- a list", "/cfg:1: the file must be a mapping of keys to values"),
        ("clusters: {a: b}", "/cfg:1: clusters must be a list"),
        ("clusters:\n- cluster: {server: x}", "/cfg:2: clusters[0].name is missing"),
        ("users:\n- name: u\n  user:\n    client-key-data: \"!!notbase64\(secretToken)\"", "/cfg:4: users[u].user.client-key-data is not valid base64"),
        ("clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: maybe}", "/cfg:3: clusters[c].cluster.insecure-skip-tls-verify must be true or false"),
        ("users:\n- name: u\n  user: {exec: {command: x}}", "/cfg:3: users[u].user.exec.apiVersion is missing"),
        ("users:\n- name: u\n  user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1alpha1}}",
         "/cfg: users[u].user.exec.apiVersion is \"client.authentication.k8s.io/v1alpha1\"; infratop speaks client.authentication.k8s.io/v1 and client.authentication.k8s.io/v1beta1"),
        ("users:\n- name: u\n  user: {token: [\(secretToken)]}", "/cfg:3: users[u].user.token must be a string"),
    ]

    @Test(arguments: badInputs)
    func badYAMLGivesASentenceNamingFileAndKey(text: String, expectedPrefix: String) {
        do {
            _ = try Kubeconfig.parse(text, file: "/cfg")
            Issue.record("parsed without error")
        } catch {
            #expect(error.message.hasPrefix(expectedPrefix), "\(error.message)")
            #expect(!error.message.contains(Self.secretToken))
        }
    }

    static let badContexts: [(String, String?, String)] = [
        ("contexts: []", nil, "/cfg: no current-context is set; pass --context (contexts: )"),
        ("current-context: x", nil, "/cfg: context \"x\" does not exist (contexts: none)"),
        ("contexts:\n- {name: x, context: {cluster: c, user: u}}", "x", "/cfg: context \"x\" names cluster \"c\", which no kubeconfig file defines"),
        ("clusters:\n- {name: c, cluster: {server: \"https://h\"}}\ncontexts:\n- {name: x, context: {cluster: c, user: u}}", "x",
         "/cfg: context \"x\" names user \"u\", which no kubeconfig file defines"),
        ("clusters:\n- {name: c, cluster: {}}\ncontexts:\n- {name: x, context: {cluster: c}}", "x", "/cfg: clusters[c].cluster.server is missing"),
        ("clusters:\n- {name: c, cluster: {server: \"ftp://h\"}}\ncontexts:\n- {name: x, context: {cluster: c}}", "x",
         "/cfg: clusters[c].cluster.server \"ftp://h\" is not an http(s) URL"),
        ("clusters:\n- {name: c, cluster: {server: \"https://h\", certificate-authority: /nonexistent/ca}}\ncontexts:\n- {name: x, context: {cluster: c}}", "x",
         "/nonexistent/ca: the certificate-authority of cluster \"c\" file: no such file"),
        ("clusters:\n- {name: c, cluster: {server: \"https://h\"}}\nusers:\n- {name: u, user: {token: \(secretToken), username: a, password: \(secretToken)}}\ncontexts:\n- {name: x, context: {cluster: c, user: u}}", "x",
         "/cfg: users[u].user sets both a token and username/password; keep one"),
        ("clusters:\n- {name: c, cluster: {server: \"https://h\"}}\nusers:\n- {name: u, user: {client-certificate-data: QUJD}}\ncontexts:\n- {name: x, context: {cluster: c, user: u}}", "x",
         "/cfg: users[u].user has a client certificate or key without its pair; add client-key (or client-key-data)"),
        ("clusters:\n- {name: c, cluster: {server: \"https://h\"}}\nusers:\n- {name: u, user: {auth-provider: {name: gcp}}}\ncontexts:\n- {name: x, context: {cluster: c, user: u}}", "x",
         "/cfg: users[u].user.auth-provider \"gcp\" is not supported"),
    ]

    @Test(arguments: badContexts)
    func unusableContextGivesASentence(text: String, context: String?, expectedPrefix: String) throws {
        let config = try Kubeconfig.parse(text, file: "/cfg")
        do {
            _ = try config.access(context: context)
            Issue.record("resolved without error")
        } catch {
            #expect(error.message.hasPrefix(expectedPrefix), "\(error.message)")
            #expect(!error.message.contains(Self.secretToken))
        }
    }

    @Test func secretsAreRedactedInDescriptions() throws {
        let scratch = try KubeconfigScratch()
        let path = try scratch.write("config", Self.second)
        try scratch.write("client.crt", "CERT PEM")
        let config = try Kubeconfig.parse(Self.second, file: path)
        let access = try config.access(context: "other")
        #expect(!String(describing: access).contains("TOPSECRETKEY"))
        #expect(!String(reflecting: config).contains("TOPSECRETKEY"))
    }

    @Test func execEnvironmentValuesAreRedacted() throws {
        let config = try Kubeconfig.parse("""
        clusters:
        - {name: c, cluster: {server: "https://h"}}
        users:
        - name: u
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: aws
              args: [eks, get-token]
              env: [{name: AWS_SECRET_ACCESS_KEY, value: \(Self.secretToken)}]
        contexts:
        - {name: x, context: {cluster: c, user: u}}
        current-context: x
        """, file: "/cfg")
        let access = try config.access()
        let exec = try #require(access.credentials.exec)
        #expect(exec.env.first?.value == Self.secretToken)
        for text in [String(describing: access), String(reflecting: access), String(describing: config), "\(exec)"] {
            #expect(!text.contains(Self.secretToken))
        }
        #expect("\(exec)" == "exec plugin aws eks get-token with AWS_SECRET_ACCESS_KEY=<redacted> (client.authentication.k8s.io/v1)")
    }

    @Test func fallsBackToTheServiceAccountInAPod() throws {
        let scratch = try KubeconfigScratch()
        try scratch.write("sa/token", Self.secretToken)
        try scratch.write("sa/ca.crt", "POD CA")
        try scratch.write("sa/namespace", "e-commerce-saga\n")
        let env = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let access = try scratch.loader(environment: env).load()
        #expect(access.contextName == "in-cluster")
        #expect(access.server == "https://10.96.0.1:443")
        #expect(access.namespace == "e-commerce-saga")
        #expect(access.certificateAuthorityPEM == Array("POD CA".utf8))
        #expect(access.credentials.tokenFile == "\(scratch.directory)/sa/token")
        let v6 = try scratch.loader(namespace: "other", environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"]).load()
        #expect(v6.server == "https://[fd00::1]:443")
        #expect(v6.namespace == "other")
    }

    @Test func saysWhereItLookedWhenNothingIsFound() throws {
        let scratch = try KubeconfigScratch()
        #expect(throws: KubeconfigError("No kubeconfig found (looked for \(scratch.directory)/home/.kube/config) and not running in a pod; pass --kubeconfig or set KUBECONFIG")) {
            try scratch.loader().load()
        }
    }
}
