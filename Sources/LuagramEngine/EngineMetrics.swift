/// The names and buckets of the engine's swift-metrics timers, for whoever configures the
/// metrics backend (`serve` gives them to Prometheus' factory).
public enum EngineMetrics {
    /// From a webhook body's arrival in the inbox to its events' outcomes committed.
    public static let processingLatency = "luagram_processing_latency_seconds"
    /// From a message's due time (or next attempt) to the round that sent it.
    public static let sendDelay = "luagram_send_delay_seconds"
    /// Upper bounds for both, from a webhook answered at once to a send held up by a pause.
    public static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60), .seconds(300),
    ]
}
