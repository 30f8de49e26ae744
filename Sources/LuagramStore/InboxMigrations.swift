import GRDB

/// The schema of the inbox file (`SQLiteStore.inboxPath(for:)`), with the same rules as
/// `Migrations`: a shipped migration is never edited.
enum InboxMigrations {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-12-04-01-inbox") { db in
            try db.execute(sql: schema)
        }
        migrator.registerMigration("2026-12-10-01-inbox-quarantine") { db in
            try addQuarantine(db)
        }
        return migrator
    }()

    private static let schema = """
        -- Raw webhook bodies, appended before Meta is acknowledged. AUTOINCREMENT so an id
        -- is never reused after old rows are deleted.
        CREATE TABLE inbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            received_at INTEGER NOT NULL,
            body BLOB NOT NULL CHECK (length(body) > 0),
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'rejected')),
            error TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            leased_until INTEGER,
            finished_at INTEGER
        ) STRICT;
        CREATE INDEX inbox_pending ON inbox (id) WHERE state = 'pending';
        """

    /// A fourth state, `quarantined`. SQLite cannot change a CHECK constraint in place, so
    /// the table is rebuilt (a one-time copy of the file's bodies), keeping ids and the
    /// AUTOINCREMENT counter, so an id is still never reused.
    private static func addQuarantine(_ db: Database) throws {
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'inbox'")
        try db.execute(
            sql: """
                CREATE TABLE inbox_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    received_at INTEGER NOT NULL,
                    body BLOB NOT NULL CHECK (length(body) > 0),
                    state TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'done', 'rejected', 'quarantined')),
                    error TEXT,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    leased_until INTEGER,
                    finished_at INTEGER
                ) STRICT;
                INSERT INTO inbox_new (id, received_at, body, state, error, attempts, leased_until, finished_at)
                    SELECT id, received_at, body, state, error, attempts, leased_until, finished_at FROM inbox;
                DROP TABLE inbox;
                ALTER TABLE inbox_new RENAME TO inbox;
                CREATE INDEX inbox_pending ON inbox (id) WHERE state = 'pending';
                CREATE INDEX inbox_quarantined ON inbox (id) WHERE state = 'quarantined';
                """)
        if let sequence {
            try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'inbox'")
            try db.execute(
                sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('inbox', max(?, (SELECT coalesce(max(id), 0) FROM inbox)))",
                arguments: [sequence])
        }
    }

    /// Databases from before the inbox had a file of its own keep their bodies: they are
    /// copied, with their ids and states, before the database's migration drops the old
    /// table. Copying again after a crash in between changes nothing (same ids).
    static func moveLegacyInbox(from database: any DatabaseWriter, to inbox: any DatabaseWriter) throws {
        guard try database.read({ try $0.tableExists("inbox") }) else { return }
        var after: Int64 = 0
        while true {
            let rows = try database.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM inbox WHERE id > ? ORDER BY id LIMIT 1000", arguments: [after])
            }
            guard let last = rows.last else { return }
            try inbox.write { db in
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO inbox (id, received_at, body, state, error, attempts, leased_until, finished_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                        """)
                let columns = ["id", "received_at", "body", "state", "error", "attempts", "leased_until", "finished_at"]
                for row in rows {
                    try insert.execute(arguments: StatementArguments(columns.map { row[$0] as DatabaseValue }))
                }
            }
            after = last["id"]
        }
    }
}
