import PostgresNIO

extension PostgresConnection {
    /// Runs `query` and reads every row before returning.
    ///
    /// A row sequence left unread holds its connection (and, from the pool, its lease): the
    /// next query on the connection queues behind it. Reading at once keeps every query of
    /// a transaction strictly one after the other.
    func allRows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }
}

extension PostgresClient {
    /// Runs `query` on a pooled connection, outside any transaction, and reads every row
    /// before returning, so the connection goes back to the pool at once. The database's
    /// errors come as `PostgresFailure`s; no connection within
    /// `PostgresStore.beginDeadline`, or no answer within `operationDeadline`, as
    /// `PostgresStoreError.unavailable`.
    func allRows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        do {
            return try await withDeadlines(begin: PostgresStore.beginDeadline, total: PostgresStore.operationDeadline) {
                [self] begin in
                try await withConnection { connection in
                    try begin()
                    return try await connection.query(query, logger: logger).collect()
                }
            }
        } catch {
            throw PostgresFailure.reporting(error)
        }
    }
}

extension PostgresConnection {
    /// Runs a statement whose rows, if any, are not wanted, and waits for its end.
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await allRows(query, logger: logger)
    }
}
