import Foundation
import LuagramDomain
import PostgresNIO

extension PostgresStore: InboxStore {
    /// Webhook requests waiting for their body's write to begin: how far this node's request
    /// path is behind. Not those in the write under way, unlike SQLite's count: a write on
    /// PostgreSQL takes a few milliseconds of round trips and WAL flush at any load, so the
    /// bodies in it are the normal cost of storing, not a sign of a burst; counted, they held
    /// processing back (`ProcessingLoop.appendsBehind`) at rates the node kept up with.
    public var inboxAppendsWaiting: Int { inboxAppends.queued }

    /// Bodies that arrive together share one transaction (`GroupCommit`): a transaction per
    /// body cost four round trips and most of a millisecond of CPU across node and server.
    /// Committed before returning, since Meta must only be answered once the body is stored.
    /// A body that arrives during a write waits for it, so a 503 may take up to twice
    /// `appendDeadline` when the server stops answering.
    public func appendToInbox(_ body: Data, receivedAt: Date) async throws -> InboxID {
        // checked before joining: a refused body must not fail the others' transaction
        guard !body.isEmpty else { throw StoreError.emptyInboxBody }
        // decoded here, on the request's task, not in the one task writing for all requests
        let partition = membership?.partitionOf(body) ?? 0
        return try await inboxAppends.submit(PartitionedBody(body: InboxBody(body, receivedAt: receivedAt), partition: partition))
    }

    public func appendToInbox(_ bodies: [InboxBody]) async throws -> [InboxID] {
        guard !bodies.isEmpty else { return [] }
        guard bodies.allSatisfy({ !$0.body.isEmpty }) else { throw StoreError.emptyInboxBody }
        let partitioned = bodies.map { PartitionedBody(body: $0, partition: membership?.partitionOf($0.body) ?? 0) }
        return try await Self.insertInbox(partitioned, client, logger)
    }

    /// A body with the partition its contact falls in.
    struct PartitionedBody: Sendable {
        var body: InboxBody
        var partition: Int
    }

    /// The ids are taken from the identity's sequence first, in order, and the rows inserted
    /// with them, so each body gets its id without relying on the order RETURNING gives.
    /// An explicit transaction, because a statement's completion reaches the client before
    /// its implicit transaction commits.
    static func insertInbox(_ bodies: [PartitionedBody], _ client: PostgresClient, _ logger: Logger) async throws -> [InboxID] {
        let times = bodies.map { StoredTime.micros($0.body.receivedAt) }
        let contents = bodies.map { ByteBuffer(bytes: $0.body.body) }
        let partitions = bodies.map(\.partition)
        return try await transaction(client, logger, within: appendDeadline) { connection in
            let ids = try await connection.allRows(
                "SELECT nextval(pg_get_serial_sequence('inbox', 'id')) FROM generate_series(1, \(bodies.count))", logger: logger
            ).map { try $0.decode(Int64.self) }.sorted()
            // announced in the same statement: PostgreSQL sends it on commit
            try await connection.execute(
                """
                WITH stored AS (
                    INSERT INTO inbox (id, received_at, body, partition) OVERRIDING SYSTEM VALUE
                    SELECT * FROM unnest(\(ids)::bigint[], \(times)::bigint[], \(contents)::bytea[], \(partitions)::bigint[])
                )
                SELECT pg_notify(\(inboxChannel), '')
                """, logger: logger)
            return ids
        }
    }

    public func quarantinedInbox(limit: Int) async throws -> [QuarantinedBody] {
        try await client.allRows(
            """
            SELECT id, received_at, attempts, error, finished_at, octet_length(body) FROM inbox
            WHERE state = 'quarantined' ORDER BY id LIMIT \(limit)
            """, logger: logger
        ).map { row in
            let (id, receivedAt, attempts, error, finishedAt, bytes) = try row.decode((Int64, Int64, Int, String?, Int64?, Int).self)
            return QuarantinedBody(
                id: id, receivedAt: StoredTime.date(receivedAt), attempts: attempts, error: error ?? "",
                quarantinedAt: StoredTime.date(finishedAt), bytes: bytes)
        }
    }

    public func retryQuarantined(_ ids: [InboxID]?, at time: Date) async throws -> [InboxID] {
        if let ids, ids.isEmpty { return [] }
        let rows = try await transaction { [self] connection in
            if let ids {
                try await connection.allRows(
                    """
                    UPDATE inbox SET state = 'pending', attempts = 0, error = NULL, leased_until = NULL, finished_at = NULL
                    WHERE state = 'quarantined' AND id = ANY(\(ids)) RETURNING id
                    """, logger: logger)
            } else {
                try await connection.allRows(
                    """
                    UPDATE inbox SET state = 'pending', attempts = 0, error = NULL, leased_until = NULL, finished_at = NULL
                    WHERE state = 'quarantined' RETURNING id
                    """, logger: logger)
            }
        }
        return try rows.map { try $0.decode(Int64.self) }.sorted()
    }

    public func markInboxDone(_ ids: [InboxID], at time: Date) async throws {
        guard !ids.isEmpty else { return }
        try await finishInbox(ids, state: .done, error: nil, at: time)
    }

    public func markInboxRejected(_ id: InboxID, error: String, at time: Date) async throws {
        try await finishInbox([id], state: .rejected, error: error, at: time)
    }

    /// A scan of the bodies (`position` on the raw bytes), as in SQLite: unsends are rare.
    /// The bodies found are locked (and waited for, unlike claims: every copy must go), so
    /// two erasures of one body cannot undo each other.
    ///
    /// PostgreSQL keeps the old row version until vacuum reclaims it, and its WAL until
    /// recycled: the content leaves what every query sees at once, the disk later.
    public func eraseUnsentMessage(mid: String, at time: Date) async throws -> Int {
        guard !mid.isEmpty else { return 0 }
        let needles = InboxErasure.needles(for: mid).map { ByteBuffer(bytes: $0) }
        return try await transaction { [self] connection in
            let found = try await connection.allRows(
                """
                SELECT id, body FROM inbox
                WHERE EXISTS (SELECT 1 FROM unnest(\(needles)::bytea[]) AS needle (bytes) WHERE position(needle.bytes IN body) > 0)
                ORDER BY id FOR UPDATE
                """, logger: logger)
            var ids: [Int64] = []
            var bodies: [ByteBuffer] = []
            for row in found {
                let (id, body) = try row.decode((Int64, Data).self)
                guard let erased = InboxErasure.erasing(mid: mid, from: body) else { continue }
                ids.append(id)
                bodies.append(ByteBuffer(bytes: erased))
            }
            guard !ids.isEmpty else { return 0 }
            try await connection.execute(
                """
                UPDATE inbox SET body = erased.body FROM unnest(\(ids)::bigint[], \(bodies)::bytea[]) AS erased (id, body)
                WHERE inbox.id = erased.id
                """, logger: logger)
            return ids.count
        }
    }

    public func inboxRow(_ id: InboxID) async throws -> InboxRow? {
        let rows = try await client.allRows(
            """
            SELECT id, received_at, body, state, error, attempts, leased_until, finished_at FROM inbox WHERE id = \(id)
            """, logger: logger)
        guard let row = rows.first else { return nil }
        let (id, receivedAt, body, state, error, attempts, leasedUntil, finishedAt) = try row.decode(
            (Int64, Int64, Data, String, String?, Int, Int64?, Int64?).self)
        return InboxRow(
            id: id, receivedAt: StoredTime.date(receivedAt), body: body, state: try Self.inboxState(state), error: error,
            attempts: attempts, leasedUntil: StoredTime.date(leasedUntil), finishedAt: StoredTime.date(finishedAt))
    }

    public func inboxCounts() async throws -> [InboxState: Int] {
        var counts: [InboxState: Int] = [:]
        for row in try await client.allRows("SELECT state, count(*) FROM inbox GROUP BY state", logger: logger) {
            let (state, count) = try row.decode((String, Int).self)
            counts[try Self.inboxState(state)] = count
        }
        return counts
    }

    /// Only a pending row finishes: finishing twice (a worker whose lease ran out and its
    /// successor) keeps the first outcome.
    private func finishInbox(_ ids: [InboxID], state: InboxState, error: String?, at time: Date) async throws {
        try await transaction { [self] connection in
            try await connection.execute(
                """
                UPDATE inbox SET state = \(state.rawValue), error = \(error), finished_at = \(StoredTime.micros(time)),
                    leased_until = NULL
                WHERE id = ANY(\(ids)) AND state = 'pending'
                """, logger: logger)
        }
    }

    private static func inboxState(_ text: String) throws -> InboxState {
        guard let state = InboxState(rawValue: text) else {
            throw StoreError.corruptValue(table: "inbox", column: "state", detail: "unknown value \(text)")
        }
        return state
    }
}
