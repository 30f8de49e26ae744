import Hummingbird

/// `GET /metrics`: Prometheus text, gathered when scraped.
public struct MetricsRoutes: Sendable {
    public typealias Gather = @Sendable () async -> PrometheusText

    let gather: Gather

    public init(gather: @escaping Gather) {
        self.gather = gather
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/metrics") { _, _ in
            let text = await gather().text
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
