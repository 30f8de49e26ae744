import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 channel with `ServerTimeouts`: its own idle timeout, plus a
/// `RequestReadTimeoutHandler` for requests that arrive too slowly.
struct TimedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http: HTTP1Channel

    init(responder: @escaping HTTPChannelHandler.Responder, timeouts: ServerTimeouts) {
        let read = TimeAmount(timeouts.read)
        http = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: [RequestReadTimeoutHandler(timeout: read)], idleTimeout: TimeAmount(timeouts.idle)))
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        http.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with Luagram's timeouts on slow and idle clients.
    public static func luagram(timeouts: ServerTimeouts) -> HTTPServerBuilder {
        .init { responder in TimedHTTP1Channel(responder: responder, timeouts: timeouts) }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
