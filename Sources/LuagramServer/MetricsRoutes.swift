import Hummingbird
import NIOCore
import Prometheus

/// `GET /metrics`: the registry's metrics in Prometheus' text format. `refresh` runs first,
/// to set the gauges read at scrape time (queue depths from the store, paused accounts).
public struct MetricsRoutes: Sendable {
    public typealias Refresh = @Sendable () async -> Void

    let registry: PrometheusCollectorRegistry
    let refresh: Refresh

    public init(registry: PrometheusCollectorRegistry, refresh: @escaping Refresh = {}) {
        self.registry = registry
        self.refresh = refresh
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/metrics") { _, _ in
            await refresh()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
