import Logging
import PostgresNIO

/// Every migration of the PostgreSQL schema, in the order they apply. Each area keeps its
/// tables in its own file (`PostgresMigrations+Inbox.swift`, …); register new ones at the end.
enum PostgresMigrations {
    static let all: [PostgresMigration] = [
        inbox,
        conversations,
        rateState,
        connectedAccounts,
        cluster,
        commit,
        apply,
    ]

    /// Brings the schema up to date. Nodes starting together serialize on a transaction-level
    /// advisory lock, so exactly one applies each migration and the others see it applied.
    static func migrate(_ client: PostgresClient, schema: String, upTo last: String? = nil, logger: Logger) async throws {
        let wanted = last.flatMap { name in all.firstIndex { $0.name == name }.map { all[...$0] } } ?? all[...]
        do {
            try await apply(wanted, client, schema: schema, logger: logger)
        } catch let error as PostgresTransactionError {
            // postgres-nio wraps what the transaction's body threw; a refusal of ours is
            // rethrown as itself (once rolled back), so callers and users see what it says.
            if let refusal = error.closureError as? PostgresStoreError, error.rollbackError == nil { throw refusal }
            throw PostgresFailure.reporting(error)
        } catch {
            throw PostgresFailure.reporting(error)
        }
    }

    private static func apply(_ wanted: ArraySlice<PostgresMigration>, _ client: PostgresClient, schema: String, logger: Logger)
        async throws
    {
        try await client.withTransaction(logger: logger) { connection in
            // The lock first: two nodes creating the schema at once would otherwise collide
            // on its name (CREATE SCHEMA IF NOT EXISTS is not safe against a concurrent one).
            try await connection.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_xact_lock(\(lockKey))"), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS luagram_migrations (
                    name TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied: [String] = []
            for try await name in try await connection.query("SELECT name FROM luagram_migrations ORDER BY name", logger: logger)
                .decode(String.self)
            {
                applied.append(name)
            }
            let known = Set(all.map(\.name))
            let unknown = applied.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw PostgresStoreError.newerSchema(unknownMigrations: unknown.sorted()) }
            for migration in wanted where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO luagram_migrations (name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }

    /// The advisory lock migrations take: any fixed number, the same on every node.
    static let lockKey: Int64 = 0x4C75_6167_7261_6D01

    /// The names applied, in order.
    static func applied(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        var names: [String] = []
        for try await name in try await client.query("SELECT name FROM luagram_migrations ORDER BY applied_at, name", logger: logger)
            .decode(String.self)
        {
            names.append(name)
        }
        return names
    }
}
