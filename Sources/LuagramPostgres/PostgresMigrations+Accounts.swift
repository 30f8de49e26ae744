extension PostgresMigrations {
    /// `connected_accounts`: the accounts `luagram accounts add` connected, their sealed
    /// tokens (sealed outside the store: the column never holds a token in clear) and how
    /// the token stands. Permissions are a JSON array of strings, as in SQLite.
    static let connectedAccounts = PostgresMigration(
        name: "2026-12-07-pg-04-connected-accounts",
        statements: [
            """
            CREATE TABLE connected_accounts (
                id TEXT NOT NULL PRIMARY KEY,
                login TEXT NOT NULL CHECK (login IN ('instagram', 'facebook')),
                page TEXT,
                username TEXT,
                sealed_token BYTEA NOT NULL CHECK (octet_length(sealed_token) > 0),
                issued_at BIGINT NOT NULL,
                expires_at BIGINT,
                refreshed_at BIGINT,
                permissions TEXT NOT NULL DEFAULT '[]',
                state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'needs_reauth')),
                state_reason TEXT,
                added_at BIGINT NOT NULL,
                CHECK (login = 'instagram' OR page IS NOT NULL)
            )
            """
        ])
}
