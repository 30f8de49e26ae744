/// How long `serve` waits on a client: slow or silent clients must not hold connections
/// (and file descriptors) for ever — a slowloris client trickles a request a byte at a
/// time, which no per-read timeout notices.
public struct ServerTimeouts: Sendable, Hashable {
    /// From the first byte of a request to its last: a request that has not arrived whole
    /// by then is cut off, however steadily its bytes trickle in.
    public var read: Duration
    /// How long a connection may carry nothing — before its first request, or between
    /// requests when kept alive — before it is closed.
    public var idle: Duration

    public init(read: Duration = .seconds(20), idle: Duration = .seconds(60)) {
        self.read = read
        self.idle = idle
    }
}
