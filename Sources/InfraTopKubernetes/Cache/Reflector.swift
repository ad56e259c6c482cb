import Foundation
import InfraTopBasics
#if canImport(Glibc)
import Glibc
#endif

/// Keeps one resource's store current, as client-go's reflector does: list, then watch from the
/// list's resource version with bookmarks; a clean end of the watch resumes it from the last
/// version, a 410 lists again, and any failure lists again after a growing pause.
struct Reflector<Item: KubernetesObject>: Sendable {
    let client: KubernetesClient
    let resource: KubernetesResource
    let namespace: String
    let store: WritableKeyPath<CacheContents, ObjectStore<Item>> & Sendable
    let contents: Locked<CacheContents>
    let timing: ReflectorTiming

    /// Runs until the task is cancelled.
    func run() async {
        var backoff = timing.initialBackoff
        while !Task.isCancelled {
            do {
                try await listAndWatch { backoff = timing.initialBackoff }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                let failure = (error as? KubernetesError)
                    ?? KubernetesError(.transport, "Cannot watch \(resource.plural) at \(client.access.server): \(error)")
                contents.withLock {
                    $0.health[resource, default: .init()].failure = failure
                    // A failure can make the resource a gap, which the state shows.
                    $0.revision += 1
                }
            }
            // Jitter keeps five reflectors from retrying in lockstep.
            let pause = backoff * Double.random(in: 0.8...1.2)
            try? await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
            backoff = min(backoff * 2, timing.maximumBackoff)
        }
    }

    /// One list and the watches that follow it; returns on a 410 (list again at once) and throws on failure.
    private func listAndWatch(healthy: () -> Void) async throws {
        while !Task.isCancelled {
            let list = try await client.list(resource, namespace: namespace, as: Item.self)
            contents.withLock {
                $0[keyPath: store].replace(with: list)
                $0.revision += 1
                $0.health[resource, default: .init()].synced = true
                $0.health[resource, default: .init()].failure = nil
                $0.health[resource, default: .init()].relists += 1
            }
            healthy()
            Self.releaseFreedMemory()
            if try await watchUntilExpired() { continue }
            return
        }
    }

    /// Watches from the store's version, again and again while the server ends streams cleanly.
    /// Returns true when the version expired.
    private func watchUntilExpired() async throws -> Bool {
        var quickEnds = 0
        while !Task.isCancelled {
            let started = Date()
            let version = contents.withLock { $0[keyPath: store].resourceVersion }
            let events = client.watch(resource, namespace: namespace, resourceVersion: version,
                                      timeoutSeconds: timing.watchTimeoutSeconds, as: Item.self)
            do {
                for try await event in events {
                    let outcome = contents.withLock { contents -> ObjectStore<Item>.Outcome in
                        let outcome = contents[keyPath: store].apply(event)
                        if outcome == .applied {
                            contents.lastEventAt = Date()
                            contents.revision += 1
                        }
                        return outcome
                    }
                    switch outcome {
                    case .applied, .bookmark:
                        continue
                    case .expired:
                        return true
                    case .failed(let status):
                        throw KubernetesError.from(statusCode: status.code, status: status,
                                                   purpose: RequestPurpose(verb: "watch", resource: resource.plural, namespace: namespace),
                                                   context: client.access.contextName, server: client.access.server)
                    }
                }
            } catch let error as KubernetesError where error.kind == .expired {
                return true
            } catch let error as KubernetesError where error.statusCode == 504 {
                // "Too large resource version": the server restarted with a younger history; start over.
                return true
            }
            // A server that ends every watch at once must not make this a busy loop.
            if Date().timeIntervalSince(started) < 1 {
                quickEnds += 1
                let pause = min(timing.initialBackoff * Double(1 << min(quickEnds, 6)), timing.maximumBackoff)
                try await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
            } else {
                quickEnds = 0
            }
        }
        return false
    }
}

extension Reflector {
    /// Gives the pages a list's decoding freed back to the system: glibc keeps them otherwise,
    /// and a namespace of thousands of pods decodes tens of megabytes once, at the start.
    /// glibc's `malloc_trim`, looked up at run time: its header is not in Swift's Glibc module.
    static func releaseFreedMemory() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}

/// How a reflector paces itself after failures, and how long each watch request lasts.
struct ReflectorTiming: Sendable {
    /// The first pause after a failure; it doubles up to ``maximumBackoff``.
    var initialBackoff: TimeInterval = 0.5
    var maximumBackoff: TimeInterval = 30
    var watchTimeoutSeconds = 290
}
