import Foundation
import NIOPosix
import InfraTopBasics

/// What one request presents: an `Authorization` header and/or a client certificate.
package struct PresentedCredentials: Sendable, Equatable {
    /// The whole header value (`Bearer …` or `Basic …`), or nil for none.
    package var authorization: Secret?
    package var clientCertificatePEM: [UInt8]?
    package var clientKeyPEM: Secret?

    init(authorization: Secret? = nil, clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: Secret? = nil) {
        self.authorization = authorization
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
    }
}

/// Supplies the credentials for each request, as client-go's transport does: fixed ones from the
/// kubeconfig, a token file read again every minute (service-account tokens rotate), or an exec
/// plugin's credential kept until it expires and fetched again after a 401.
package actor CredentialProvider {
    package typealias PluginRunner = @Sendable (_ plugin: ExecPluginConfig, _ execInfo: String) async throws -> [UInt8]

    private let access: ClusterAccess
    private let now: @Sendable () -> Date
    private let runPlugin: PluginRunner
    private let tokenFileRefresh: TimeInterval

    private var execCredential: ExecCredential?
    private var execInFlight: Task<ExecCredential, Error>?
    private var fileToken: (token: Secret, readAt: Date)?
    /// How many times the plugin ran; tests check caching with it.
    package private(set) var pluginRuns = 0

    package init(access: ClusterAccess, execTimeout: TimeInterval = 30, tokenFileRefresh: TimeInterval = 60,
                 now: @escaping @Sendable () -> Date = Date.init, runPlugin: PluginRunner? = nil) {
        self.access = access
        self.now = now
        self.tokenFileRefresh = tokenFileRefresh
        self.runPlugin = runPlugin ?? { plugin, info in
            // A plugin blocks while it runs; the thread pool keeps that off the event loops.
            try await NIOThreadPool.singleton.runIfActive {
                try ExecPluginRunner.run(plugin, execInfo: info, timeout: execTimeout)
            }
        }
    }

    /// True when asking again may give a different answer, so a 401 is worth one retry.
    package nonisolated var canRefresh: Bool {
        access.credentials.exec != nil || access.credentials.tokenFile != nil
    }

    /// The credentials for the next request.
    package func current() async throws -> PresentedCredentials {
        let configured = access.credentials
        var presented = PresentedCredentials(clientCertificatePEM: configured.clientCertificatePEM, clientKeyPEM: configured.clientKeyPEM)
        if let token = configured.token {
            presented.authorization = Secret("Bearer \(token.revealed)")
        } else if let path = configured.tokenFile {
            presented.authorization = Secret("Bearer \(try fileTokenValue(path).revealed)")
        } else if let username = configured.username {
            let pair = "\(username):\(configured.password?.revealed ?? "")"
            presented.authorization = Secret("Basic \(Data(pair.utf8).base64EncodedString())")
        }
        if let plugin = configured.exec, presented.authorization == nil {
            let credential = try await execCredentialValue(plugin)
            if let token = credential.token { presented.authorization = Secret("Bearer \(token.revealed)") }
            if let certificate = credential.clientCertificatePEM {
                presented.clientCertificatePEM = certificate
                presented.clientKeyPEM = credential.clientKeyPEM
            }
        }
        return presented
    }

    /// Forgets cached credentials after the server answered 401, so the next request fetches new ones.
    package func invalidate() {
        execCredential = nil
        fileToken = nil
    }

    private func fileTokenValue(_ path: String) throws -> Secret {
        if let fileToken, now().timeIntervalSince(fileToken.readAt) < tokenFileRefresh { return fileToken.token }
        let text: String
        do {
            text = try KubeconfigLoader.readText(path, purpose: "token")
        } catch {
            throw KubernetesError(.configuration, "\(error.message) (context \(access.contextName))")
        }
        let token = Secret(text.trimmingCharacters(in: .whitespacesAndNewlines))
        fileToken = (token, now())
        return token
    }

    private func execCredentialValue(_ plugin: ExecPluginConfig) async throws -> ExecCredential {
        if let execCredential, execCredential.isValid(at: now()) { return execCredential }
        // Requests that arrive while the plugin runs wait for the same run instead of starting more.
        if let execInFlight { return try await execInFlight.value }
        let info = ExecCredential.execInfo(
            apiVersion: plugin.apiVersion, interactive: false,
            cluster: plugin.provideClusterInfo ? access : nil)
        let runner = runPlugin
        let task = Task { () async throws -> ExecCredential in
            let output = try await runner(plugin, info)
            return try ExecCredential.parse(output, apiVersion: plugin.apiVersion, command: plugin.command)
        }
        execInFlight = task
        pluginRuns += 1
        defer { execInFlight = nil }
        do {
            let credential = try await task.value
            execCredential = credential
            return credential
        } catch let error as ExecPluginError {
            throw KubernetesError(.configuration, "\(error.message) (context \(access.contextName))")
        } catch {
            throw KubernetesError(.configuration, "The exec plugin \(plugin.command) could not be run: \(error) (context \(access.contextName))")
        }
    }
}
