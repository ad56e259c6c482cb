import NIOCore
import NIOPosix
import InfraTopBasics

/// Sends four-letter words to one ZooKeeper server, one connection per word.
package struct FourLetterWordClient: Sendable {
    /// `mntr` on ZooKeeper 3.8 prints about 20 KB; anything far beyond is not ZooKeeper.
    static let defaultMaximumAnswerBytes = 1 << 20

    package var endpoint: Endpoint
    package var group: any EventLoopGroup
    package var connectTimeout: TimeAmount
    /// How long the server may take to answer and close, once connected.
    package var answerTimeout: TimeAmount
    package var maximumAnswerBytes: Int
    /// How connections are opened: TCP, or a tunnel through the Kubernetes API.
    package var dialer: any Dialer

    package init(
        endpoint: Endpoint,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        connectTimeout: TimeAmount = .seconds(3),
        answerTimeout: TimeAmount = .seconds(3),
        maximumAnswerBytes: Int = FourLetterWordClient.defaultMaximumAnswerBytes,
        dialer: any Dialer = DirectDialer()
    ) {
        self.dialer = dialer
        self.endpoint = endpoint
        self.group = group
        self.connectTimeout = connectTimeout
        self.answerTimeout = answerTimeout
        self.maximumAnswerBytes = maximumAnswerBytes
    }

    /// Sends `word` and returns the server's whole answer.
    ///
    /// Fails with a `ZooKeeperError`: `.notWhitelisted` when the server refuses the word.
    package func send(_ word: FourLetterWord) -> EventLoopFuture<String> {
        let loop = group.next()
        let promise = loop.makePromise(of: ByteBuffer.self)
        let endpoint = endpoint
        let request = "`\(word.rawValue)`"
        let connectTimeout = connectTimeout
        let answerTimeout = answerTimeout
        let limit = maximumAnswerBytes
        dialer.connect(to: endpoint, on: loop, connectTimeout: connectTimeout) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    FourLetterWordHandler(word: word, endpoint: endpoint, timeout: answerTimeout, limit: limit, promise: promise)
                )
            }
        }
        .whenFailure { error in
                promise.fail(ZooKeeperError.from(error, endpoint: endpoint, request: request, connectTimeout: connectTimeout))
            }
        return promise.futureResult.flatMapThrowing { buffer in
            let answer = String(buffer: buffer)
            if word.isRefusal(answer) { throw ZooKeeperError.notWhitelisted(endpoint, word) }
            if FourLetterWord.isNotServing(answer) { throw ZooKeeperError.notServing(endpoint) }
            // Servers close without a word for commands they do not know.
            if answer.isEmpty { throw ZooKeeperError.closedEarly(endpoint, request: request) }
            return answer
        }
    }

    /// `srvr`, parsed.
    package func serverStats() -> EventLoopFuture<ZooKeeperServerStats> {
        let endpoint = endpoint
        return send(.srvr).flatMapThrowing { text in try Self.parseServerStats(text, from: endpoint) }
    }

    private static func parseServerStats(_ text: String, from endpoint: Endpoint) throws(ZooKeeperError) -> ZooKeeperServerStats {
        do {
            return try ZooKeeperServerStats(parsing: text)
        } catch {
            throw .malformedAnswer(endpoint, request: "`srvr`", detail: error.description)
        }
    }

    /// `mntr`, parsed.
    package func monitorValues() -> EventLoopFuture<ZooKeeperMonitorValues> {
        let endpoint = endpoint
        return send(.mntr).flatMapThrowing { text in
            let values: ZooKeeperMonitorValues
            do {
                values = try ZooKeeperMonitorValues(parsing: text)
            } catch {
                throw ZooKeeperError.malformedAnswer(endpoint, request: "`mntr`", detail: "\(error)")
            }
            guard !values.entries.isEmpty else {
                throw ZooKeeperError.malformedAnswer(endpoint, request: "`mntr`", detail: "no key/value lines")
            }
            return values
        }
    }

    /// `ruok`: true when the server answers `imok`.
    package func isOK() -> EventLoopFuture<Bool> {
        send(.ruok).map { $0 == "imok" }
    }
}

/// Writes one word, collects everything until the server closes, and gives up at a deadline or a size cap.
private final class FourLetterWordHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let word: FourLetterWord
    private let endpoint: Endpoint
    private let timeout: TimeAmount
    private let limit: Int
    private let promise: EventLoopPromise<ByteBuffer>
    private var answer = ByteBuffer()
    private var deadline: Scheduled<Void>?

    init(word: FourLetterWord, endpoint: Endpoint, timeout: TimeAmount, limit: Int, promise: EventLoopPromise<ByteBuffer>) {
        self.word = word
        self.endpoint = endpoint
        self.timeout = timeout
        self.limit = limit
        self.promise = promise
    }

    func channelActive(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.finish(context: context, with: .failure(ZooKeeperError.answerTimeout(
                handler.endpoint, request: "`\(handler.word.rawValue)`", seconds: ZooKeeperError.seconds(handler.timeout)
            )))
        }
        context.writeAndFlush(NIOAny(ByteBuffer(string: word.rawValue)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        guard answer.readableBytes + chunk.readableBytes <= limit else {
            finish(context: context, with: .failure(ZooKeeperError.answerTooLarge(endpoint, request: "`\(word.rawValue)`", limit: limit)))
            return
        }
        answer.writeBuffer(&chunk)
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The server closes once it has written the whole answer.
        finish(context: context, with: .success(answer))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context: context, with: .failure(ZooKeeperError.from(
            error, endpoint: endpoint, request: "`\(word.rawValue)`", connectTimeout: timeout
        )))
    }

    private func finish(context: ChannelHandlerContext, with result: Result<ByteBuffer, any Error>) {
        deadline?.cancel()
        deadline = nil
        // A promise ignores every completion after the first, so the earliest outcome wins.
        promise.completeWith(result)
        if context.channel.isActive { context.close(promise: nil) }
    }
}
