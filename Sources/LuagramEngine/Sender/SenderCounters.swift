import CoreMetrics

/// Row outcomes since the sender started, for metrics. Counts rows, not messages, except
/// `messagesSent`.
public struct SenderCounters: Sendable, Hashable {
    public var sent = 0
    /// Messages (plan parts) posted to Meta.
    public var messagesSent = 0
    /// Messages whose send got no answer and that Meta was found to have (not sent again).
    public var messagesConfirmed = 0
    public var dryRun = 0
    public var failed = 0
    /// Transient failures scheduled for another attempt.
    public var retried = 0
    public var refused = 0
    /// Put back without an error: follow-ups not due, rate slots, paused accounts.
    public var deferred = 0
    /// Throttling errors from Meta (each pauses an account).
    public var throttled = 0
    /// Token errors (190): each stops an account until it is resumed.
    public var reauthenticationRequired = 0
    /// Rows whose result the store could not record.
    public var storeErrors = 0
    /// Images Meta would not attach (type, size, or nothing learned), sent as links.
    public var imagesSentAsLinks = 0

    public init() {}

    mutating func count(_ outcome: SendOutcome) {
        switch outcome {
        case .sent: sent += 1
        case .dryRun: dryRun += 1
        case .refused: refused += 1
        case .failed: failed += 1
        case .retry: retried += 1
        case .deferred: deferred += 1
        case .storeError: storeErrors += 1
        }
    }
}

/// The sender's swift-metrics: the counters follow `SenderCounters` (each change to them is
/// added here), the send delay is recorded as it happens.
struct SenderMetrics: Sendable {
    private let counters: [(Counter, @Sendable (SenderCounters) -> Int)]
    let sendDelay: CoreMetrics.Timer

    init(factory: any MetricsFactory) {
        typealias Value = @Sendable (SenderCounters) -> Int
        func sends(_ outcome: String, _ value: @escaping Value) -> (Counter, Value) {
            (Counter(label: "luagram_sends_total", dimensions: [("outcome", outcome)], factory: factory), value)
        }
        func total(_ label: String, _ value: @escaping Value) -> (Counter, Value) {
            (Counter(label: label, factory: factory), value)
        }
        counters = [
            sends("sent") { $0.sent }, sends("dry_run") { $0.dryRun }, sends("failed") { $0.failed },
            sends("retried") { $0.retried }, sends("refused") { $0.refused }, sends("deferred") { $0.deferred },
            sends("store_error") { $0.storeErrors },
            total("luagram_messages_sent_total") { $0.messagesSent }, total("luagram_throttled_total") { $0.throttled },
            total("luagram_images_sent_as_links_total") { $0.imagesSentAsLinks },
        ]
        sendDelay = CoreMetrics.Timer(label: EngineMetrics.sendDelay, factory: factory)
    }

    /// Adds what changed from `old` to `new`.
    func add(from old: SenderCounters, to new: SenderCounters) {
        for (counter, value) in counters {
            let added = value(new) - value(old)
            if added > 0 { counter.increment(by: added) }
        }
    }
}
