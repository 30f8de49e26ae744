import LuagramEngine
import Prometheus

/// How Luagram's metrics reach Prometheus: one registry a process, which swift-metrics (the
/// engine, Hummingbird's middleware) records into and /metrics emits.
public enum LuagramMetrics {
    /// swift-metrics through Prometheus: the engine's timers get its latency buckets, and
    /// Hummingbird's request metrics (labelled by route template, method and status) get
    /// Luagram's prefix and Prometheus' unit suffixes. The executable bootstraps
    /// `MetricsSystem` with it (once a process), and hands the same registry to the builder.
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        for label in [EngineMetrics.processingLatency, EngineMetrics.sendDelay] {
            factory.durationHistogramBuckets[label] = EngineMetrics.latencyBuckets
        }
        let names = [
            "hb.requests": "luagram_http_requests_total",
            "hb.request.errors": "luagram_http_request_errors_total",
            "http.server.request.duration": "luagram_http_request_duration_seconds",
            "http.server.active_requests": "luagram_http_active_requests",
        ]
        factory.nameAndLabelSanitizer = { name, labels in (names[name] ?? name, labels) }
        return factory
    }
}
