import Foundation
import InfraTopCore

extension Session {
    /// Starts appending a snapshot to `path` after every poll result; `onFailure` hears, on the
    /// main queue, the one message of a recording that had to stop.
    package func startRecording(to path: String, onFailure: @escaping @MainActor (String) -> Void) throws {
        recorder = try Recorder(path: path) { message in
            DispatchQueue.main.async { MainActor.assumeIsolated { onFailure(message) } }
        }
    }

    /// Records the store as it stands now, the moment the dashboard redraws it.
    package func recordChange() {
        recorder?.append(snapshot())
    }
}

/// Carries the recorder's one failure message to the dashboard, which exists only after the
/// recording has been opened.
@MainActor
package final class NoticeRelay {
    package weak var dashboard: DashboardLoop?

    package init() {}
}
