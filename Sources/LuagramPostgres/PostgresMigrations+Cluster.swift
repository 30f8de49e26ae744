extension PostgresMigrations {
    /// Nodes and their leases; inbox bodies carry their contact's partition and the node that
    /// claimed them, due sends the node sending them. See `ClusterMembership`.
    static let cluster = PostgresMigration(
        name: "2026-12-07-pg-05-cluster",
        statements: [
            """
            CREATE TABLE luagram_nodes (
                id TEXT PRIMARY KEY,
                seen_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE luagram_leases (
                kind TEXT NOT NULL CHECK (kind IN ('partition', 'send')),
                slot INTEGER NOT NULL CHECK (slot >= 0),
                node TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                PRIMARY KEY (kind, slot)
            )
            """,
            "ALTER TABLE inbox ADD COLUMN partition SMALLINT NOT NULL DEFAULT 0, ADD COLUMN leased_by TEXT",
            "CREATE INDEX inbox_partition_pending ON inbox (partition, id) WHERE state = 'pending'",
            // the claim's check for a partition still held elsewhere: only claimed rows
            "CREATE INDEX inbox_partition_leased ON inbox (partition) WHERE state = 'pending' AND leased_until IS NOT NULL",
            "ALTER TABLE outbox ADD COLUMN send_slot SMALLINT NOT NULL DEFAULT 0, ADD COLUMN claimed_by TEXT",
            "CREATE INDEX outbox_slot_due ON outbox (send_slot, next_attempt_at) WHERE state = 'pending'",
        ])
}
