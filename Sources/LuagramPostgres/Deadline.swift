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
