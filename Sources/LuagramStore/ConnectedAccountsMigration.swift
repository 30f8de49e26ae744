import GRDB

extension Migrations {
    /// `connected_accounts`: the accounts `luagram accounts add` connected, their sealed
    /// tokens (AES-GCM, sealed outside the store: the column never holds a token in clear)
    /// and how the token stands. Apart from `accounts`, which every account seen in a
    /// webhook gets for its contacts' sake.
    static func addConnectedAccounts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE connected_accounts (
                    id TEXT NOT NULL PRIMARY KEY,
                    login TEXT NOT NULL CHECK (login IN ('instagram', 'facebook')),
                    page TEXT,
                    username TEXT,
                    sealed_token BLOB NOT NULL CHECK (length(sealed_token) > 0),
                    issued_at INTEGER NOT NULL,
                    expires_at INTEGER,
                    refreshed_at INTEGER,
                    permissions TEXT NOT NULL DEFAULT '[]',
                    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'needs_reauth')),
                    state_reason TEXT,
                    added_at INTEGER NOT NULL,
                    CHECK (login = 'instagram' OR page IS NOT NULL)
                ) STRICT, WITHOUT ROWID;
                """)
    }
}
