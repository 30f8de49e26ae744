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
    /// From a row's due time to the round that sent it.
    public var sendDelay = LatencyHistogram()

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
