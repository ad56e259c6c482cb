import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import InfraTopBasics

/// A read-only client of one API server: lists, watches and log streams over async-http-client.
///
/// Every request is a GET. Credentials come from a ``CredentialProvider``; a 401 leads to one retry
/// with fresh credentials when they can change (exec plugin, token file), then to an error that
/// names the context. Every request has a deadline, so nothing waits forever.
package final class KubernetesClient: Sendable {
    package struct Configuration: Sendable {
        /// Connecting, and the whole of a list page or an error answer.
        package var requestTimeout: TimeInterval
        package var connectTimeout: TimeInterval
        /// Items per list page (`limit`).
        package var pageSize: Int
        /// A list page larger than this is refused rather than held in memory.
        var maximumResponseBytes: Int
        /// The longest watch event line; the API's object size limit is 1.5 MiB, so this leaves room.
        var maximumWatchLineBytes: Int
        /// Log lines longer than this are cut and marked with "… N bytes cut".
        var maximumLogLineBytes: Int
        var execTimeout: TimeInterval

        package init(requestTimeout: TimeInterval = 30, connectTimeout: TimeInterval = 10, pageSize: Int = 500,
                     maximumResponseBytes: Int = 64 << 20, maximumWatchLineBytes: Int = 8 << 20,
                     maximumLogLineBytes: Int = 16 << 10, execTimeout: TimeInterval = 30) {
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.pageSize = pageSize
            self.maximumResponseBytes = maximumResponseBytes
            self.maximumWatchLineBytes = maximumWatchLineBytes
            self.maximumLogLineBytes = maximumLogLineBytes
            self.execTimeout = execTimeout
        }
    }

    package let access: ClusterAccess
    package let configuration: Configuration
    package let credentials: CredentialProvider
    private let http: HTTPClient
    /// The URL prefix requests use: the server, with its host replaced by tls-server-name when set.
    private let baseURL: String
    private let isTLS: Bool
    /// The TLS configuration for an exec plugin's client certificate, rebuilt only when the
    /// certificate changes: equal configurations share a connection pool, new ones open connections.
    private let pluginTLS = Locked<(certificate: [UInt8], configuration: TLSConfiguration)?>(nil)

    package init(access: ClusterAccess, configuration: Configuration = Configuration(),
                 eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                 credentials: CredentialProvider? = nil) throws {
        self.access = access
        self.configuration = configuration
        self.credentials = credentials ?? CredentialProvider(access: access, execTimeout: configuration.execTimeout)
        guard var components = URLComponents(string: access.server), let host = components.host, let scheme = components.scheme?.lowercased() else {
            throw KubernetesError(.configuration, "The server of context \(access.contextName), \(access.server), is not a URL")
        }
        isTLS = scheme == "https"
        var client = HTTPClient.Configuration()
        client.timeout = .init(connect: .milliseconds(Int64(configuration.connectTimeout * 1000)), read: nil)
        client.redirectConfiguration = .disallow
        client.decompression = .disabled
        // A refused connection should fail the request now, not be retried until its deadline.
        client.connectionPool.retryConnectionEstablishment = false
        if isTLS, let serverName = access.tlsServerName {
            // Ask for and verify the certificate of tls-server-name while connecting to the server's own address.
            client.dnsOverride = [serverName: host]
            components.host = serverName
        }
        baseURL = (components.url?.absoluteString ?? access.server).trimmingSuffix("/")
        if isTLS {
            // Built now so a bad CA or key fails at start, not on the first request.
            client.tlsConfiguration = try TLSSettings.make(access: access, clientCertificatePEM: access.credentials.clientCertificatePEM,
                                                           clientKeyPEM: access.credentials.clientKeyPEM)
        }
        http = HTTPClient(eventLoopGroupProvider: .shared(eventLoopGroup), configuration: client)
    }

    /// Closes connections; call once, when done with the client.
    package func shutdown() async {
        try? await http.shutdown()
    }

    /// Sends a GET and returns the response once its head arrived with status 200.
    ///
    /// Error answers are read (up to 64 KiB) for their `Status` and thrown as ``KubernetesError``.
    func open(path: String, query: [(String, String)], purpose: RequestPurpose, deadline: NIODeadline) async throws -> HTTPClientResponse {
        var retried = false
        while true {
            let presented = try await credentials.current()
            var request = HTTPClientRequest(url: baseURL + path + (query.isEmpty ? "" : "?" + QueryString.encode(query)))
            request.method = .GET
            request.headers.add(name: "Accept", value: "application/json")
            request.headers.add(name: "User-Agent", value: "infratop")
            if let authorization = presented.authorization {
                request.headers.add(name: "Authorization", value: authorization.revealed)
            }
            if isTLS, let certificate = presented.clientCertificatePEM, certificate != access.credentials.clientCertificatePEM {
                request.tlsConfiguration = try pluginTLSConfiguration(certificate: certificate, key: presented.clientKeyPEM)
            }
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, deadline: deadline)
            } catch {
                throw TransportFailure.describe(error, purpose: purpose, server: access.server, timeout: nil)
            }
            if response.status == .ok { return response }
            let body = try? await response.body.collect(upTo: 64 << 10)
            let status = body.flatMap { try? JSONDecoder().decode(Status.self, from: Data($0.readableBytesView)) }
            if response.status == .unauthorized, !retried, credentials.canRefresh {
                await credentials.invalidate()
                retried = true
                continue
            }
            throw KubernetesError.from(statusCode: Int(response.status.code), status: status, purpose: purpose,
                                       context: access.contextName, server: access.server)
        }
    }

    private func pluginTLSConfiguration(certificate: [UInt8], key: Secret?) throws -> TLSConfiguration {
        if let cached = pluginTLS.withLock({ $0 }), cached.certificate == certificate { return cached.configuration }
        let configuration = try TLSSettings.make(access: access, clientCertificatePEM: certificate, clientKeyPEM: key)
        pluginTLS.withLock { $0 = (certificate, configuration) }
        return configuration
    }

    /// A deadline `seconds` from now.
    static func deadline(_ seconds: TimeInterval) -> NIODeadline {
        .now() + .milliseconds(Int64(seconds * 1000))
    }

    /// Reads a whole response body into memory, refusing more than `limit` bytes.
    func collect(_ response: HTTPClientResponse, limit: Int, purpose: RequestPurpose) async throws -> Data {
        do {
            return Data(try await response.body.collect(upTo: limit).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw KubernetesError(.invalidResponse, "The answer to \(purpose.description) is larger than \(limit >> 20) MiB")
        } catch {
            throw TransportFailure.describe(error, purpose: purpose, server: access.server, timeout: Int(configuration.requestTimeout))
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
