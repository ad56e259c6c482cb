import Foundation
import InfraTopBasics
import Logging

/// Appends log lines to a file: the terminal is the UI, so nothing is ever logged to it.
struct FileLogHandler: LogHandler {
    private let sink: Sink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    private let label: String

    /// One open file shared by every logger; writes are serialised by a lock.
    final class Sink: @unchecked Sendable {
        private let handle: Locked<FileHandle>

        init(path: String) throws {
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw CocoaError(.fileWriteNoPermission)
                }
            }
            guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
            handle.seekToEndOfFile()
            self.handle = Locked(handle)
        }

        func write(_ line: String) {
            handle.withLock { $0.write(Data(line.utf8)) }
        }
    }

    init(label: String, sink: Sink) {
        self.label = label
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let time = ISO8601DateFormatter().string(from: Date())
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        sink.write("\(time) \(event.level) \(label): \(event.message)\(details)\n")
    }

    /// Sends every logger to `path`, or nowhere when no log file was asked for.
    static func bootstrap(path: String?) throws {
        guard let path else {
            LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
            return
        }
        let sink = try Sink(path: path)
        LoggingSystem.bootstrap { label in FileLogHandler(label: label, sink: sink) }
    }
}
