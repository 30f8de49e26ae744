import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request has not arrived whole within `timeout` of its first
/// byte.
///
/// It sits after the HTTP decoder, where requests are parts (head, body, end), but the
/// parts of a request appear only once its head is complete, so a head trickled a byte
/// at a time would never be seen starting. It therefore puts a `FirstByteWatcher` at the
/// front of the pipeline, on the raw bytes, to start the clock; the end of the request
/// stops it. Both live on the channel's event loop.
final class RequestReadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let timeout: TimeAmount
    /// A request is being received: bytes came after the previous request's end.
    private var reading = false
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let watcher = FirstByteWatcher { [weak self, context] in self?.requestBytesArrived(context: context) }
        try? context.pipeline.syncOperations.addHandler(watcher, position: .first)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            // a pipelined request whose bytes came with the previous one's
            requestBytesArrived(context: context)
        case .body:
            break
        case .end:
            reading = false
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
    }

    private func requestBytesArrived(context: ChannelHandlerContext) {
        guard !reading else { return }
        reading = true
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self, self.reading else { return }
            self.deadline = nil
            context.close(promise: nil)
        }
    }
}

/// Passes the raw bytes on untouched, and says when some arrived.
final class FirstByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let arrived: () -> Void

    init(arrived: @escaping () -> Void) {
        self.arrived = arrived
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        arrived()
        context.fireChannelRead(data)
    }
}
