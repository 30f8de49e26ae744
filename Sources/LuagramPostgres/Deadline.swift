import Synchronization

/// Runs `work`, or gives up with `PostgresStoreError.unavailable` after `limit`.
///
/// postgres-nio's pool keeps a request waiting while it cannot connect (up to a minute before
/// its circuit breaker opens). On the webhook path that would keep Meta waiting past its own
/// time-out; a prompt 503 is better, as Meta retries it. Cancelling `work` cancels its
/// request for a connection.
func withDeadline<Result: Sendable>(
    _ limit: Duration, _ work: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else {
            throw PostgresStoreError.unavailable("no answer from PostgreSQL within \(limit)")
        }
        return result
    }
}

/// Runs `work`, or gives up with `PostgresStoreError.unavailable` if it has not begun within
/// `limit`: `work` calls `begin` once it holds its connection (and its transaction is open),
/// and from then on runs as long as it takes.
///
/// A request for a pooled connection made while the server was down can stay unanswered after
/// the server is back (the cluster drill saw it with postgres-nio 1.33.2: a node's processing
/// loop and sender waited for good while its new requests were served); cancelled, and asked
/// again by its caller, it is served. `begin` throws once the deadline has passed, so work
/// that got its connection too late does nothing rather than something its caller was told
/// failed.
func withBeginDeadline<Result: Sendable>(
    _ limit: Duration, _ work: @Sendable (_ begin: @escaping @Sendable () throws -> Void) async throws -> Result
) async throws -> Result {
    let start = BeginDeadline()
    return try await withoutActuallyEscaping(work) { work in
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await work { try start.begin() } }
            group.addTask {
                try await Task.sleep(for: limit)
                guard start.expire() else { return nil }
                throw PostgresStoreError.unavailable("no connection to PostgreSQL within \(limit)")
            }
            defer { group.cancelAll() }
            while let finished = try await group.next() {
                if let result = finished { return result }
            }
            throw CancellationError()
        }
    }
}

/// Whether work under `withBeginDeadline` began before its deadline or the deadline passed
/// first: exactly one of the two wins.
private final class BeginDeadline: Sendable {
    private enum State { case waiting, begun, expired }
    private let state = Mutex(State.waiting)

    /// The work begins; throws if the deadline passed first.
    func begin() throws {
        let began = state.withLock { state in
            if state == .waiting { state = .begun }
            return state == .begun
        }
        if !began { throw CancellationError() }
    }

    /// The deadline passes; whether the work had not begun (it now never will).
    func expire() -> Bool {
        state.withLock { state in
            if state == .waiting { state = .expired }
            return state == .expired
        }
    }
}
