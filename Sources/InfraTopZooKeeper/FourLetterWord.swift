/// A ZooKeeper four-letter word: a one-shot text command sent on the client port; the server
/// writes its answer and closes the connection.
///
/// ZooKeeper 3.5 and later answer only the words listed in `4lw.commands.whitelist`, which by
/// default holds only `srvr`.
package enum FourLetterWord: String, Sendable, CaseIterable {
    /// "Are you OK?": `imok` when the server runs (it may still be out of its quorum).
    case ruok
    /// Server statistics: version, latency, counters, zxid, mode, node count.
    case srvr
    /// Monitoring key/value pairs, one per line, separated by a tab.
    case mntr

    /// Whether `answer` is the server's refusal to run this word, which reads
    /// "mntr is not executed because it is not in the whitelist."
    package func isRefusal(_ answer: String) -> Bool {
        answer.hasPrefix("\(rawValue) is not executed because it is not in the whitelist")
    }

    /// Whether `answer` says the server runs but does not serve: it is starting, or has no quorum.
    /// ZooKeeper answers every word but `ruok` this way then.
    package static func isNotServing(_ answer: String) -> Bool {
        answer.hasPrefix("This ZooKeeper instance is not currently serving requests")
    }
}
