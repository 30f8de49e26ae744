import Foundation
import GRDB
import LuagramDomain

extension SQLiteStore: InboxStore {
    /// Webhook requests waiting for their body to be written: how far the request path is
    /// behind.
    public var inboxAppendsWaiting: Int { inbox.unanswered }

    public func appendToInbox(_ body: Data, receivedAt: Date) async throws -> InboxID {
        // checked before joining: a refused body must not fail the others' transaction
        guard !body.isEmpty else { throw StoreError.emptyInboxBody }
        return try await inbox.submit(InboxBody(body, receivedAt: receivedAt))
    }

    public func appendToInbox(_ bodies: [InboxBody]) async throws -> [InboxID] {
        guard !bodies.isEmpty else { return [] }
        return try await inboxWriter.write { db in try Self.insertInbox(bodies, db) }
    }

    /// The claimable rows are read and leased in one write transaction on the one writer
    /// connection: a second claimer runs after the first has committed and sees its
    /// leases. The rows a plan claims are a run of consecutive claimable ids, so one
    /// cached UPDATE over the id range leases them and counts their attempt (PostgreSQL
    /// would read with `FOR UPDATE SKIP LOCKED` for the same effect).
    public func claimInbox(limit: Int, now: Date, leaseUntil: Date, maxAttempts: Int) async throws -> InboxClaim {
        guard limit > 0 else { return InboxClaim() }
        return try await inboxWriter.write { db in
            let nowMicros = Timestamp.micros(now)
            let candidates = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id, attempts FROM inbox
                        WHERE state = 'pending' AND (leased_until IS NULL OR leased_until <= ?)
                        ORDER BY id LIMIT ?
                        """),
                arguments: [nowMicros, limit]
            ).map { InboxClaimPlan.Candidate(id: try $0.decode(forColumn: "id"), attempts: try $0.int("attempts")) }
            let plan = InboxClaimPlan.plan(candidates, maxAttempts: maxAttempts)
            var claim = InboxClaim()
            if !plan.quarantine.isEmpty { claim.quarantined = try Self.quarantine(plan.quarantine, at: nowMicros, db) }
            guard let first = plan.claim.first, let last = plan.claim.last else { return claim }
            // The claim clears the last attempt's error: a row found without one at its
            // next claim was stopped, not failed.
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        UPDATE inbox SET leased_until = ?, attempts = attempts + 1, error = NULL
                        WHERE id BETWEEN ? AND ? AND state = 'pending' AND (leased_until IS NULL OR leased_until <= ?)
                        RETURNING *
                        """),
                arguments: [Timestamp.micros(leaseUntil), first, last, nowMicros])
            // RETURNING gives no order.
            claim.rows = try rows.map(InboxRow.init(row:)).sorted { $0.id < $1.id }
            return claim
        }
    }

    /// Quarantines rows in the caller's transaction, with why.
    private static func quarantine(_ ids: [InboxID], at now: Int64, _ db: Database) throws -> [QuarantinedBody] {
        let read = try db.cachedStatement(sql: "SELECT attempts, error FROM inbox WHERE id = ?")
        let write = try db.cachedStatement(
            sql: """
                UPDATE inbox SET state = 'quarantined', error = ?, leased_until = NULL, finished_at = ?
                WHERE id = ? AND state = 'pending'
                RETURNING id, received_at, attempts, error, finished_at, length(body) AS bytes
                """)
        var bodies: [QuarantinedBody] = []
        for id in ids {
            guard let row = try Row.fetchOne(read, arguments: [id]) else { continue }
            let attempts = try row.int("attempts")
            let error: String =
                if let last = try row.decode(String?.self, forColumn: "error") {
                    QuarantinedBody.failedError(attempts: attempts, last: last)
                } else {
                    QuarantinedBody.stoppedError(attempts: attempts)
                }
            if let quarantined = try Row.fetchOne(write, arguments: [error, now, id]) {
                bodies.append(try QuarantinedBody(row: quarantined))
            }
        }
        return bodies
    }

    public func releaseInbox(_ ids: [InboxID], after error: any Error, at time: Date) async throws {
        guard !ids.isEmpty else { return }
        let underneath = Self.isStorageFailure(error)
        let description = "\(error)"
        try await inboxWriter.write { db in
            let release =
                underneath
                ? try db.cachedStatement(
                    sql: "UPDATE inbox SET leased_until = NULL, attempts = max(attempts - 1, 0) WHERE id = ? AND state = 'pending'")
                : try db.cachedStatement(
                    sql: "UPDATE inbox SET leased_until = NULL, error = ? WHERE id = ? AND state = 'pending'")
            for id in ids {
                try release.execute(arguments: underneath ? [id] : [description, id])
            }
        }
    }

    /// Whether an error is the database failing underneath (or the work being cancelled)
    /// rather than something about the data being written.
    static func isStorageFailure(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        guard let database = error as? DatabaseError else { return false }
        switch database.resultCode {
        case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_NOMEM,
            .SQLITE_PROTOCOL, .SQLITE_INTERRUPT, .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_PERM, .SQLITE_ABORT:
            return true
        default:
            return false
        }
    }

    public func releaseInboxLeases(at time: Date) async throws -> Int {
        try await inboxWriter.write { db in
            try db.execute(sql: "UPDATE inbox SET leased_until = NULL WHERE state = 'pending' AND leased_until IS NOT NULL")
            return db.changesCount
        }
    }

    public func quarantinedInbox(limit: Int) async throws -> [QuarantinedBody] {
        try await inboxWriter.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, received_at, attempts, error, finished_at, length(body) AS bytes FROM inbox
                    WHERE state = 'quarantined' ORDER BY id LIMIT ?
                    """, arguments: [limit]
            ).map(QuarantinedBody.init(row:))
        }
    }

    public func retryQuarantined(_ ids: [InboxID]?, at time: Date) async throws -> [InboxID] {
        try await inboxWriter.write { db in
            let reset = """
                UPDATE inbox SET state = 'pending', attempts = 0, error = NULL, leased_until = NULL, finished_at = NULL
                WHERE state = 'quarantined'
                """
            guard let ids else {
                return try InboxID.fetchAll(db, sql: reset + " RETURNING id").sorted()
            }
            let one = try db.cachedStatement(sql: reset + " AND id = ? RETURNING id")
            return try Set(ids).sorted().compactMap { try InboxID.fetchOne(one, arguments: [$0]) }
        }
    }

    public func markInboxDone(_ ids: [InboxID], at time: Date) async throws {
        guard !ids.isEmpty else { return }
        try await finishInbox(ids, state: .done, error: nil, at: time)
    }

    public func markInboxRejected(_ id: InboxID, error: String, at time: Date) async throws {
        try await finishInbox([id], state: .rejected, error: error, at: time)
    }

    /// A scan of the bodies (`instr` on the raw bytes): unsends are rare, and the inbox has
    /// no index on what bodies hold.
    public func eraseUnsentMessage(mid: String, at time: Date) async throws -> Int {
        guard !mid.isEmpty else { return 0 }
        let needles = InboxErasure.needles(for: mid)
        let changed = try await inboxWriter.write { db in
            let found = try Row.fetchAll(
                db, sql: "SELECT id, body FROM inbox WHERE " + needles.map { _ in "instr(body, ?) > 0" }.joined(separator: " OR "),
                arguments: StatementArguments(needles))
            var changed = 0
            for row in found {
                let id: InboxID = try row.decode(forColumn: "id")
                let body: Data = try row.decode(forColumn: "body")
                guard let erased = InboxErasure.erasing(mid: mid, from: body) else { continue }
                try db.execute(sql: "UPDATE inbox SET body = ? WHERE id = ?", arguments: [erased, id])
                changed += 1
            }
            return changed
        }
        if changed > 0 { try await Self.truncateWAL(inboxWriter) }
        return changed
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

extension QuarantinedBody {
    init(row: Row) throws {
        self.init(
            id: try row.decode(forColumn: "id"), receivedAt: try row.time("received_at"), attempts: try row.int("attempts"),
            error: try row.decode(String?.self, forColumn: "error") ?? "", quarantinedAt: try row.optionalTime("finished_at"),
            bytes: try row.int("bytes"))
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
