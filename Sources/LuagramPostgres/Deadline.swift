import Synchronization

/// Runs `work` for a store operation, or gives up with `PostgresStoreError.unavailable` when
/// it has not begun within `begin` or not ended within `total` (nil: no end is expected).
/// `work` calls its argument once it holds its connection (and its transaction is open).
///
/// Two ways postgres-nio 1.33.2 can leave a caller waiting for good after the server went
/// away and came back, both seen in the cluster drill: a request for a pooled connection
/// made while the server was down that is never answered, and a statement sent on a
/// connection the server was closing that never completes. Neither wakes when its task is
/// cancelled, so the caller does not wait for `work` to end: it is cancelled and left
/// behind (with the connection it holds), and the caller, told the database is
/// unavailable, tries again on a fresh request. The begin call throws once the deadline
/// has passed, so work that got its connection too late does nothing. Work that hangs
/// after it began may still commit when it wakes; every caller's retry is idempotent
/// (a claim's lease runs out, marks and writes are keyed).
///
/// A caller that is cancelled itself waits for `work`, which is cancelled too, as a child
/// would be.
func withDeadlines<Result: Sendable>(
    begin: Duration, total: Duration?,
    _ work: @escaping @Sendable (_ begin: @escaping @Sendable () throws -> Void) async throws -> Result
) async throws -> Result {
    let race = DeadlineRace<Result>()
    let worker = Task {
        do {
            race.finish(.success(try await work { try race.begin() }))
        } catch {
            race.finish(.failure(error))
        }
    }
    let timer = Task {
        try await Task.sleep(for: begin)
        if race.expireBeforeBegin() {
            worker.cancel()
            race.finish(.failure(PostgresStoreError.unavailable("no connection to PostgreSQL within \(begin)")))
            return
        }
        guard let total else { return }
        if total > begin { try await Task.sleep(for: total - begin) }
        if race.finish(.failure(PostgresStoreError.unavailable("no answer from PostgreSQL within \(total)"))) {
            worker.cancel()
        }
    }
    defer { timer.cancel() }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in race.wait(continuation) }
    } onCancel: {
        worker.cancel()
    }
}

/// The outcome of work under `withDeadlines`: whichever of the work and its deadlines comes
/// first decides it, once.
private final class DeadlineRace<Result: Sendable>: Sendable {
    private struct State {
        var began = false
        var expired = false
        var outcome: Swift.Result<Result, any Error>?
        var waiting: CheckedContinuation<Result, any Error>?
    }

    private let state = Mutex(State())

    /// The work begins; throws if the begin deadline passed first.
    func begin() throws {
        let began = state.withLock { state in
            if !state.expired { state.began = true }
            return state.began
        }
        if !began { throw CancellationError() }
    }

    /// The begin deadline passes; whether the work had not begun (it now never will).
    func expireBeforeBegin() -> Bool {
        state.withLock { state in
            if !state.began { state.expired = true }
            return state.expired
        }
    }

    /// Decides the outcome unless it is decided already; whether this call decided it.
    @discardableResult
    func finish(_ outcome: Swift.Result<Result, any Error>) -> Bool {
        let (decided, waiting) = state.withLock { state -> (Bool, CheckedContinuation<Result, any Error>?) in
            guard state.outcome == nil else { return (false, nil) }
            state.outcome = outcome
            defer { state.waiting = nil }
            return (true, state.waiting)
        }
        waiting?.resume(with: outcome)
        return decided
    }

    /// Hands the outcome to `continuation`, now or once it is decided.
    func wait(_ continuation: CheckedContinuation<Result, any Error>) {
        let outcome = state.withLock { state in
            if state.outcome == nil { state.waiting = continuation }
            return state.outcome
        }
        if let outcome { continuation.resume(with: outcome) }
    }
}
