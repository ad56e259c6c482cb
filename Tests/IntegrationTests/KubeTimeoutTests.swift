import Foundation
import InfraTopCore
import Testing
import InfraTopKubernetes
#if canImport(Glibc)
import Glibc
#endif

/// A server that accepts connections (the kernel does, from its backlog) and never answers.
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw TestServerError("cannot listen on 127.0.0.1")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}

@Suite(.serialized) struct KubeTimeoutTests {
    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let listener = try SilentListener()
        let access = ClusterAccess(contextName: "silent", server: "http://127.0.0.1:\(listener.port)", namespace: "n")
        let client = try KubernetesClient(access: access, configuration: .init(requestTimeout: 1, connectTimeout: 1))
        let started = Date()
        await #expect {
            _ = try await client.list(.pods, namespace: "n", as: Pod.self)
        } throws: { error in
            let error = try #require(error as? KubernetesError)
            return error.kind == .timeout && error.message.hasPrefix("Cannot list pods in namespace n at http://127.0.0.1:\(listener.port): the API server did not answer")
        }
        // The error's kind says the timeout fired; the bound only tells an answer from a hang
        // (timings are not asserted: shared machines stall).
        #expect(Date().timeIntervalSince(started) < 60)

        // A watch has a deadline too, past the timeoutSeconds the server was asked to honour.
        var iterator = client.watch(.pods, namespace: "n", resourceVersion: "1", timeoutSeconds: 1, as: Pod.self).makeAsyncIterator()
        await #expect {
            _ = try await iterator.next()
        } throws: { error in
            (error as? KubernetesError)?.kind == .timeout
        }
        #expect(Date().timeIntervalSince(started) < 120)
        await client.shutdown()
    }
}
