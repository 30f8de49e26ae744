import Synchronization

/// Wakes a loop that waits for work: the processing loop sleeps until a node stores a
/// webhook body (PostgreSQL's NOTIFY) or its fallback delay passes, instead of asking the
/// database every few milliseconds on every node. One waiter.
public final class Doorbell: Sendable {
    private let rings = Mutex((count: 0, seen: 0))

    public init() {}

    /// Records a ring; the waiter sees it at its next check.
    public func ring() {
        rings.withLock { $0.count &+= 1 }
    }

    /// Waits until a ring the waiter has not seen, or `timeout`; returns at once if one came
    /// since the last wait. Looks every 2 ms: a notification is worth noticing within that,
    /// and looking costs a lock, not a query.
    public func wait(upTo timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !Task.isCancelled {
            let rung = rings.withLock { state in
                defer { state.seen = state.count }
                return state.count != state.seen
            }
            if rung { return }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }
}
