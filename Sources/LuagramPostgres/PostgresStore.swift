import Foundation
import Logging
import LuagramDomain
import PostgresNIO

/// The stores on PostgreSQL: for several Luagram nodes sharing one database.
///
/// Built on postgres-nio's `PostgresClient`, a pool whose connections live as long as its
/// `run()`; the store owns that task from `init` until `close()`. Every operation is one
/// transaction on one pooled connection; rows that nodes compete for (inbox bodies, due
/// sends) are claimed with `FOR UPDATE SKIP LOCKED`, so two nodes never take the same row
/// and neither waits for the other.
///
/// Times are stored as microseconds since 1970 in BIGINT columns, as in SQLite, so both
/// stores round the same way.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let location: PostgresLocation
    let logger: Logger
    /// This node's leases when it is one of several (`serve`); nil for a command, which
    /// claims nothing.
    public let membership: ClusterMembership?
    /// Rung when another node (or this one) stores a webhook body: NOTIFY luagram_inbox.
    public let inboxDoorbell = Doorbell()
    /// Rung when a node commits a send: NOTIFY luagram_outbox.
    public let outboxDoorbell = Doorbell()
    private let running: Task<Void, Never>
    /// Webhook bodies' group commit (`appendToInbox`).
    let inboxAppends: GroupCommit<PartitionedBody, InboxID>

    /// Connects, and brings the schema up to date.
    ///
    /// Throws `PostgresStoreError.newerSchema` for a database migrated by a newer Luagram.
    public convenience init(url: String, logger: Logger = Logger(label: "luagram.postgres")) async throws {
        try await self.init(location: PostgresLocation(url: url), logger: logger)
    }

    /// As `init(url:)`, for a location already read (its password perhaps set apart).
    public convenience init(
        location: PostgresLocation, membership: ClusterMembership? = nil, logger: Logger = Logger(label: "luagram.postgres")
    ) async throws {
        try await self.init(location: location, upTo: nil, membership: membership, logger: logger)
    }

    /// `upTo` stops at an older migration, so tests can build a database as an older
    /// Luagram left it.
    init(location: PostgresLocation, upTo last: String?, membership: ClusterMembership? = nil, logger: Logger) async throws {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: Self.tls(location.tls))
        configuration.options.additionalStartupParameters = [("search_path", location.schema)]
        configuration.options.maximumConnections = location.poolSize
        // Fail a request instead of waiting for ever when the server is gone: the webhook
        // route answers 503 and Meta retries.
        configuration.options.connectionIdleTimeout = .seconds(60)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.location = location
        self.logger = logger
        self.membership = membership
        self.inboxAppends = GroupCommit { bodies in try await Self.insertInbox(bodies, client, logger) }
        let (inboxBell, outboxBell) = (inboxDoorbell, outboxDoorbell)
        self.running = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                // only a node processes the inbox; a command has nothing to wake
                if membership != nil {
                    group.addTask { await Self.listen(client, on: Self.inboxChannel, ringing: inboxBell, logger: logger) }
                    group.addTask { await Self.listen(client, on: Self.outboxChannel, ringing: outboxBell, logger: logger) }
                }
            }
        }
        do {
            try await PostgresMigrations.migrate(client, schema: location.schema, upTo: last, logger: logger)
        } catch {
            running.cancel()
            throw error
        }
    }

    private static func tls(_ mode: PostgresLocation.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// Closes the pool's connections; the store cannot be used afterwards.
    public func close() async {
        running.cancel()
        _ = await running.result
    }

    /// The names of the migrations applied to the database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await PostgresMigrations.applied(client, logger: logger)
    }

    /// Runs `body` in one transaction on one pooled connection.
    ///
    /// An error of `body` (a `StoreError` the ports promise) is thrown as itself once the
    /// transaction is rolled back, not wrapped in postgres-nio's `PostgresTransactionError`;
    /// the database's own errors as `PostgresFailure`s, which say what went wrong.
    ///
    /// A transaction not begun within `beginDeadline`, or not over within `within`, fails as
    /// `PostgresStoreError.unavailable` (see `withDeadlines`), so a loop that retries asks
    /// for a connection again.
    func transaction<Result: Sendable>(
        within total: Duration = PostgresStore.operationDeadline,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await Self.transaction(client, logger, within: total, body)
    }

    /// `transaction(within:_:)` on a given pool: for the inbox's group commit, whose write is
    /// made in `init`, before `self` can be captured.
    static func transaction<Result: Sendable>(
        _ client: PostgresClient, _ logger: Logger, within total: Duration,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await withDeadlines(begin: min(beginDeadline, total), total: total) { begin in
                try await client.withTransaction(logger: logger) { connection in
                    try begin()
                    return try await body(connection)
                }
            }
        } catch let error as PostgresTransactionError {
            if let bodyError = error.closureError, error.rollbackError == nil { throw PostgresFailure.reporting(bodyError) }
            throw PostgresFailure.reporting(error)
        } catch {
            throw PostgresFailure.reporting(error)
        }
    }
}

extension PostgresStore {
    /// Drops the store's schema and everything in it: for tests, each on its own schema.
    /// Refuses `public`, which holds a real deployment's tables.
    public func dropSchemaForTests() async throws {
        guard location.schema != "public" else { return }
        try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(location.schema) CASCADE"), logger: logger)
    }
}
