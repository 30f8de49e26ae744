import Foundation
import GRDB
import LuagramDomain

extension SQLiteStore: InboxStore {
    /// Webhook requests waiting for their body to be written: how far the request path is
    /// behind.
    public var inboxAppendsWaiting: Int { inbox.unanswered }

    public func appendToInbox(_ body: Data, receivedAt: Date) async throws -> InboxID {
        try await inbox.append(InboxBody(body, receivedAt: receivedAt))
    }

    public func appendToInbox(_ bodies: [InboxBody]) async throws -> [InboxID] {
        guard !bodies.isEmpty else { return [] }
        return try await inboxWriter.write { db in try Self.insertInbox(bodies, db) }
    }

    /// A single UPDATE … RETURNING picks and leases the rows, and every write goes
    /// through the one writer connection in an IMMEDIATE transaction: a second claimer
    /// runs after the first has committed and sees its leases. (PostgreSQL would use
    /// `FOR UPDATE SKIP LOCKED` in the subquery for the same effect.)
    public func claimInbox(limit: Int, now: Date, leaseUntil: Date) async throws -> [InboxRow] {
        guard limit > 0 else { return [] }
        return try await inboxWriter.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    UPDATE inbox SET leased_until = :lease, attempts = attempts + 1
                    WHERE id IN (
                        SELECT id FROM inbox
                        WHERE state = 'pending' AND (leased_until IS NULL OR leased_until <= :now)
                        ORDER BY id LIMIT :limit)
                    RETURNING *
                    """,
                arguments: [
                    "lease": Timestamp.micros(leaseUntil), "now": Timestamp.micros(now), "limit": limit,
                ])
            // RETURNING gives no order.
            return try rows.map(InboxRow.init(row:)).sorted { $0.id < $1.id }
        }
    }

    public func markInboxDone(_ ids: [InboxID], at time: Date) async throws {
        guard !ids.isEmpty else { return }
        try await finishInbox(ids, state: .done, error: nil, at: time)
    }

    public func markInboxRejected(_ id: InboxID, error: String, at time: Date) async throws {
        try await finishInbox([id], state: .rejected, error: error, at: time)
    }

    public func inboxRow(_ id: InboxID) async throws -> InboxRow? {
        try await inboxWriter.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM inbox WHERE id = ?", arguments: [id]).map(InboxRow.init(row:))
        }
    }

    public func inboxCounts() async throws -> [InboxState: Int] {
        try await inboxWriter.read { db in
            var counts: [InboxState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM inbox GROUP BY state") {
                counts[try row.raw("state", in: "inbox")] = try row.int("n")
            }
            return counts
        }
    }

    /// Only a pending row finishes: finishing twice (a worker whose lease ran out and its
    /// successor) keeps the first outcome.
    private func finishInbox(_ ids: [InboxID], state: InboxState, error: String?, at time: Date) async throws {
        try await inboxWriter.write { db in
            let finish = try db.cachedStatement(
                sql: """
                    UPDATE inbox SET state = ?, error = ?, finished_at = ?, leased_until = NULL
                    WHERE id = ? AND state = 'pending'
                    """)
            for id in ids { try finish.execute(arguments: [state.rawValue, error, Timestamp.micros(time), id]) }
        }
    }

    /// Inserts bodies in the caller's transaction; an empty body aborts all of them.
    static func insertInbox(_ bodies: [InboxBody], _ db: Database) throws -> [InboxID] {
        var ids: [InboxID] = []
        ids.reserveCapacity(bodies.count)
        let insert = try db.cachedStatement(sql: "INSERT INTO inbox (received_at, body) VALUES (?, ?)")
        for body in bodies {
            guard !body.body.isEmpty else { throw StoreError.emptyInboxBody }
            try insert.execute(arguments: [Timestamp.micros(body.receivedAt), body.body])
            ids.append(db.lastInsertedRowID)
        }
        return ids
    }
}

extension InboxRow {
    init(row: Row) throws {
        self.init(
            id: try row.decode(forColumn: "id"), receivedAt: try row.time("received_at"),
            body: try row.decode(forColumn: "body"), state: try row.raw("state", in: "inbox"),
            error: try row.decode(forColumn: "error"), attempts: try row.int("attempts"),
            leasedUntil: try row.optionalTime("leased_until"), finishedAt: try row.optionalTime("finished_at"))
    }
}
