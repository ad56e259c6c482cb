import Foundation
import InfraTopBasics

extension Kubeconfig {
    /// Parses one kubeconfig file's text. `file` names it in errors and its directory anchors
    /// relative paths.
    package static func parse(_ text: String, file: String) throws(KubeconfigError) -> Kubeconfig {
        let root = try KubeconfigYAML.parse(text, file: file)
        let directory = (file as NSString).deletingLastPathComponent
        var config = Kubeconfig()
        config.files = [file]
        if let current = try root.string("current-context"), !current.isEmpty {
            config.currentContext = current
        }
        // Within one file the first entry of a name wins too, as client-go's loader keeps it.
        for (name, body) in try root.namedList("clusters", entry: "cluster") where config.clusters[name] == nil {
            config.clusters[name] = try parseCluster(body, directory: directory)
        }
        for (name, body) in try root.namedList("users", entry: "user") where config.users[name] == nil {
            config.users[name] = try parseUser(body, directory: directory)
        }
        for (name, body) in try root.namedList("contexts", entry: "context") where config.contexts[name] == nil {
            config.contexts[name] = Context(
                cluster: try body.string("cluster") ?? "",
                user: try body.string("user") ?? "",
                namespace: try body.string("namespace").flatMap { $0.isEmpty ? nil : $0 },
                file: file
            )
        }
        return config
    }

    private static func parseCluster(_ body: KubeconfigYAML, directory: String) throws(KubeconfigError) -> Cluster {
        Cluster(
            server: try body.string("server") ?? "",
            certificateAuthority: try body.string("certificate-authority").map { resolve($0, against: directory) },
            certificateAuthorityData: try body.base64("certificate-authority-data"),
            insecureSkipTLSVerify: try body.bool("insecure-skip-tls-verify") ?? false,
            tlsServerName: try body.string("tls-server-name").flatMap { $0.isEmpty ? nil : $0 },
            file: body.file
        )
    }

    private static func parseUser(_ body: KubeconfigYAML, directory: String) throws(KubeconfigError) -> User {
        var user = User(file: body.file)
        user.token = try body.string("token").flatMap { $0.isEmpty ? nil : Secret($0) }
        user.tokenFile = try body.string("tokenFile").flatMap { $0.isEmpty ? nil : resolve($0, against: directory) }
        user.clientCertificate = try body.string("client-certificate").flatMap { $0.isEmpty ? nil : resolve($0, against: directory) }
        user.clientCertificateData = try body.base64("client-certificate-data")
        user.clientKey = try body.string("client-key").flatMap { $0.isEmpty ? nil : resolve($0, against: directory) }
        user.clientKeyData = try body.base64("client-key-data").map { Secret(String(decoding: $0, as: UTF8.self)) }
        user.username = try body.string("username").flatMap { $0.isEmpty ? nil : $0 }
        user.password = try body.string("password").flatMap { $0.isEmpty ? nil : Secret($0) }
        if let provider = try body.mapping("auth-provider") {
            user.authProvider = try provider.string("name") ?? "unnamed"
        }
        if let exec = try body.mapping("exec") {
            user.exec = try parseExec(exec, directory: directory)
        }
        return user
    }

    private static func parseExec(_ exec: KubeconfigYAML, directory: String) throws(KubeconfigError) -> ExecPluginConfig {
        var command = try exec.requiredString("command")
        // client-go resolves the command only when it is a path; a bare name is looked up in PATH.
        if command.contains("/") { command = resolve(command, against: directory) }
        let apiVersion = try exec.requiredString("apiVersion")
        guard ExecCredential.supportedVersions.contains(apiVersion) else {
            throw KubeconfigError("\(exec.file): \(exec.qualified("apiVersion")) is \"\(apiVersion)\"; infratop speaks \(ExecCredential.supportedVersions.joined(separator: " and "))")
        }
        var env: [(String, String)] = []
        if let list = exec.node.mapping?["env"], list.null == nil {
            guard let sequence = list.sequence else {
                throw KubeconfigError("\(exec.file): \(exec.qualified("env")) must be a list of name/value pairs")
            }
            for (index, item) in sequence.enumerated() {
                let pair = try KubeconfigYAML(file: exec.file, path: exec.qualified("env[\(index)]"), node: item)
                env.append((try pair.requiredString("name"), try pair.string("value") ?? ""))
            }
        }
        let modeText = try exec.string("interactiveMode") ?? ""
        let mode: ExecPluginConfig.InteractiveMode
        if modeText.isEmpty {
            // v1beta1 defaulted to IfAvailable; v1 requires the field but kubectl tolerates its absence the same way.
            mode = .ifAvailable
        } else if let known = ExecPluginConfig.InteractiveMode(rawValue: modeText) {
            mode = known
        } else {
            throw KubeconfigError("\(exec.file): \(exec.qualified("interactiveMode")) is \"\(modeText)\"; use Never, IfAvailable or Always")
        }
        return ExecPluginConfig(
            command: command,
            args: try exec.strings("args"),
            env: env,
            apiVersion: apiVersion,
            installHint: try exec.string("installHint"),
            provideClusterInfo: try exec.bool("provideClusterInfo") ?? false,
            interactiveMode: mode
        )
    }

    /// `path` made absolute against `directory`, and `~/` expanded as kubectl does.
    static func resolve(_ path: String, against directory: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return (path as NSString).expandingTildeInPath }
        return ((directory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}
