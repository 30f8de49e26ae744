extension PostgresMigrations {
    /// `inbox`: raw webhook bodies, appended before Meta is acknowledged, in SQLite's final
    /// shape (after its quarantine migration). The id is an identity, so ids increase in
    /// order of arrival and a deleted row's id is never handed out again; times are
    /// microseconds since 1970 (`PostgresTime`).
    static let inbox = PostgresMigration(
        name: "2026-12-07-pg-01-inbox",
        statements: [
            """
            CREATE TABLE inbox (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                received_at BIGINT NOT NULL,
                body BYTEA NOT NULL CHECK (octet_length(body) > 0),
                state TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'done', 'rejected', 'quarantined')),
                error TEXT,
                attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                leased_until BIGINT,
                finished_at BIGINT
            )
            """,
            // What claims scan, and what `luagram inbox quarantined` lists: small however
            // many finished rows the table keeps.
            "CREATE INDEX inbox_pending ON inbox (id) WHERE state = 'pending'",
            "CREATE INDEX inbox_quarantined ON inbox (id) WHERE state = 'quarantined'",
        ])
}
