import ArgumentParser
import Dispatch
import Foundation
import InfraTopApp
import InfraTopCore
import InfraTopExport

/// `infratop serve`: collect without a terminal and serve the model over HTTP, for Prometheus
/// and scripts: `/metrics`, `/snapshot.json` and `/healthz`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Collect headlessly and serve /metrics (Prometheus), /snapshot.json and /healthz.",
        discussion: "Listens on loopback unless told otherwise. Stops on SIGTERM or SIGINT."
    )

    @OptionGroup var options: CommonOptions

    @Option(help: ArgumentHelp("Where to listen: HOST:PORT, [IPv6]:PORT, or :PORT for every interface.", valueName: "address"))
    var listen = "127.0.0.1:9842"

    @MainActor
    func run() async throws {
        let address: ListenAddress
        do {
            address = try ListenAddress(listen)
        } catch {
            throw ValidationError("\(error)")
        }
        let session = try Launch.session(options: options)
        session.start()
        let server: ExportServer
        do {
            server = try await ExportServer(host: address.host, port: address.port) { path in
                await MainActor.run { Self.response(for: path, session: session) }
            }
        } catch {
            session.stop()
            throw ValidationError("cannot listen on \(listen): \(error)")
        }
        let bound = server.address.flatMap { address in
            address.ipAddress.flatMap { ip in address.port.map { address.protocol == .inet6 ? "http://[\(ip)]:\($0)" : "http://\(ip):\($0)" } }
        } ?? listen
        FileHandle.standardError.write(Data("infratop: serving \(session.namespace) on \(bound): /metrics, /snapshot.json, /healthz\n".utf8))
        await Self.waitForTermination()
        session.stop()
        await server.stop()
    }

    @MainActor
    static func response(for path: String, session: Session) -> ExportServer.Response? {
        switch path {
        case "/metrics":
            let snapshot = session.snapshot()
            return ExportServer.Response(
                contentType: "text/plain; version=0.0.4; charset=utf-8",
                body: Metrics.exposition(of: snapshot, assessment: session.assessment(of: snapshot), at: snapshot.takenAt))
        case "/snapshot.json":
            let snapshot = session.snapshot()
            do {
                let data = try SnapshotDocument(snapshot: snapshot, assessment: session.assessment(of: snapshot)).encoded()
                return ExportServer.Response(contentType: "application/json", body: String(decoding: data, as: UTF8.self) + "\n")
            } catch {
                return ExportServer.Response(status: .internalServerError, contentType: "text/plain; charset=utf-8", body: "cannot encode the model: \(error)\n")
            }
        case "/healthz":
            return ExportServer.Response(contentType: "text/plain; charset=utf-8", body: "ok\n")
        case "/":
            return ExportServer.Response(contentType: "text/plain; charset=utf-8", body: "infratop \(session.namespace): /metrics, /snapshot.json, /healthz\n")
        default:
            return nil
        }
    }

    /// Returns on the first SIGTERM or SIGINT.
    @MainActor
    static func waitForTermination() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            var sources: [any DispatchSourceSignal] = []
            var resumed = false
            for signalNumber in [SIGTERM, SIGINT] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
                source.setEventHandler {
                    guard !resumed else { return }
                    resumed = true
                    sources.forEach { $0.cancel() }
                    continuation.resume()
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}

/// `--listen`'s address: `HOST:PORT`, `[IPv6]:PORT`, or `:PORT` for every interface.
struct ListenAddress: Equatable {
    var host: String
    var port: Int

    struct Invalid: Error, CustomStringConvertible {
        var text: String
        var description: String { "\"\(text.prefix(64))\" is not an address to listen on: use HOST:PORT, [IPv6]:PORT or :PORT" }
    }

    init(_ text: String) throws {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { throw Invalid(text: text) }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { throw Invalid(text: text) }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port), !host.contains(where: \.isWhitespace) else { throw Invalid(text: text) }
        self.host = host.isEmpty ? "0.0.0.0" : String(host)
        self.port = port
    }
}
