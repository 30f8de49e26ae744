import GRDB

/// The schema, as the ordered list of migrations that build it.
///
/// A migration that has shipped is never edited, reordered or removed: databases in the
/// field have recorded it as applied and will not run it again. Change the schema by
/// appending a migration named `yyyy-MM-dd-nn-what`.
///
/// Conventions, so that every table reads alike:
/// - times are INTEGER microseconds since 1970 (`Timestamp`), named `…_at`;
/// - JSON columns hold TEXT written by `JSONText`;
/// - enumerations are stored as their Swift raw values, guarded by CHECKs;
/// - tables are STRICT, so a wrongly typed value fails instead of being coerced.
enum Migrations {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-25-01-initial") { db in
            try db.execute(sql: initialSchema)
        }
        migrator.registerMigration("2026-11-25-02-dry-run-status") { db in
            try db.execute(sql: dryRunStatus)
        }
        // The inbox has a file of its own (`InboxMigrations`), where its rows were copied
        // before this runs.
        migrator.registerMigration("2026-12-04-01-inbox-in-its-own-file") { db in
            try db.execute(sql: "DROP TABLE inbox")
        }
        // When the try of a row's next part may have reached Meta without an answer.
        migrator.registerMigration("2026-12-04-02-unconfirmed-sends") { db in
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN unconfirmed_since INTEGER")
        }
        // Who holds a contact's thread (`ThreadControl`): 1 while another app does (standby),
        // 0 once this app holds it again; NULL before any webhook said.
        migrator.registerMigration("2026-12-05-01-contacts-thread-control") { db in
            try db.execute(
                sql: """
                    ALTER TABLE contacts ADD COLUMN thread_standby INTEGER CHECK (thread_standby IN (0, 1));
                    ALTER TABLE contacts ADD COLUMN thread_control_at INTEGER;
                    """)
        }
        // When a message was unsent by its author: its text and attachments are deleted and
        // the history shows it unsent.
        migrator.registerMigration("2026-12-05-02-messages-unsent-at") { db in
            try db.execute(sql: "ALTER TABLE messages ADD COLUMN unsent_at INTEGER")
        }
        // When Meta accepted a comment's private reply: only such a reply leaves the contact
        // awaited. Replies recorded before were taken as sent, as they were then.
        migrator.registerMigration("2026-12-05-03-private-replies-accepted-by-meta") { db in
            try db.execute(
                sql: """
                    ALTER TABLE comments ADD COLUMN private_reply_sent_at INTEGER;
                    UPDATE comments SET private_reply_sent_at = private_reply_at WHERE private_reply_at IS NOT NULL;
                    """)
        }
        // What the sender must not forget across a restart: an account's private replies of the
        // last hour (750/h) and a throttle pause Meta imposed (calling during it extends it).
        migrator.registerMigration("2026-12-05-04-account-rate-state") { db in
            try db.execute(
                sql: """
                    CREATE TABLE account_rate_state (
                        account TEXT NOT NULL PRIMARY KEY,
                        private_reply_calls TEXT NOT NULL DEFAULT '[]',
                        paused_until INTEGER,
                        paused_since INTEGER,
                        consecutive_throttles INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_throttles >= 0),
                        error_code INTEGER,
                        error_subcode INTEGER,
                        error_message TEXT,
                        updated_at INTEGER NOT NULL
                    ) STRICT, WITHOUT ROWID;
                    """)
        }
        // The accounts `luagram accounts` connects, with their sealed tokens.
        migrator.registerMigration("2026-12-06-accounts-01-connected-accounts") { db in
            try addConnectedAccounts(db)
        }
        return migrator
    }()

    private static let initialSchema = """
        CREATE TABLE accounts (
            id TEXT NOT NULL PRIMARY KEY,
            first_seen_at INTEGER NOT NULL
        ) STRICT;

        -- One row per (account, Instagram-scoped id); `version` makes concurrent writers
        -- detect each other instead of losing an update.
        CREATE TABLE contacts (
            account TEXT NOT NULL REFERENCES accounts (id),
            id TEXT NOT NULL,
            username TEXT,
            name TEXT,
            last_inbound_at INTEGER,
            tags TEXT NOT NULL DEFAULT '[]',
            data TEXT NOT NULL DEFAULT '{}',
            handoff_started_at INTEGER,
            handoff_reason TEXT,
            handoff_agent_at INTEGER,
            handoff_released_at INTEGER,
            version INTEGER NOT NULL CHECK (version > 0),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (account, id),
            CHECK (handoff_started_at IS NOT NULL
                OR (handoff_reason IS NULL AND handoff_agent_at IS NULL AND handoff_released_at IS NULL))
        ) STRICT, WITHOUT ROWID;

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

        -- Decided sends. The id is derived from the event and the rule position
        -- (`OutboxID`), so a replayed event can never insert a second row.
        CREATE TABLE outbox (
            id TEXT NOT NULL PRIMARY KEY,
            account TEXT NOT NULL,
            recipient TEXT NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'refused')),
            decided_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            parts INTEGER NOT NULL CHECK (parts > 0),
            parts_sent INTEGER NOT NULL DEFAULT 0 CHECK (parts_sent BETWEEN 0 AND parts),
            dry_run INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
            error_code INTEGER,
            error_subcode INTEGER,
            error_message TEXT,
            reason TEXT,
            updated_at INTEGER NOT NULL,
            FOREIGN KEY (account, recipient) REFERENCES contacts (account, id)
        ) STRICT;
        CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';

        -- Both directions. Outgoing rows exist from the decision on (queued, or refused
        -- with the reason) and get Meta's mid when sent.
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            contact TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
            mid TEXT,
            text TEXT,
            attachments TEXT NOT NULL DEFAULT '[]',
            quick_replies TEXT NOT NULL DEFAULT '[]',
            origin TEXT,
            status TEXT NOT NULL
                CHECK (status IN ('received', 'queued', 'sent', 'delivered', 'read', 'failed', 'refused')),
            error_code INTEGER,
            error_subcode INTEGER,
            error_message TEXT,
            reason TEXT,
            dry_run INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
            outbox_id TEXT REFERENCES outbox (id),
            part INTEGER,
            created_at INTEGER NOT NULL,
            sent_at INTEGER,
            delivered_at INTEGER,
            read_at INTEGER,
            updated_at INTEGER NOT NULL,
            FOREIGN KEY (account, contact) REFERENCES contacts (account, id)
        ) STRICT;
        CREATE UNIQUE INDEX messages_mid ON messages (mid) WHERE mid IS NOT NULL;
        CREATE UNIQUE INDEX messages_outbox_part ON messages (outbox_id, part) WHERE outbox_id IS NOT NULL;
        CREATE INDEX messages_conversation ON messages (account, contact, id);
        -- Only what a read receipt can still change.
        CREATE INDEX messages_unread ON messages (account, contact, sent_at) WHERE status IN ('sent', 'delivered');

        -- `private_reply_at` is when the one private reply was decided, not delivered, so a
        -- second one queued behind the first is refused too (see ConversationState).
        CREATE TABLE comments (
            id TEXT NOT NULL PRIMARY KEY,
            account TEXT NOT NULL,
            contact TEXT NOT NULL,
            media_id TEXT,
            text TEXT,
            commented_at INTEGER,
            private_reply_at INTEGER,
            FOREIGN KEY (account, contact) REFERENCES contacts (account, id)
        ) STRICT;
        CREATE INDEX comments_private_replies ON comments (account, contact) WHERE private_reply_at IS NOT NULL;

        CREATE TABLE processed_events (
            account TEXT NOT NULL,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            processed_at INTEGER NOT NULL,
            PRIMARY KEY (account, kind, id)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            event_kind TEXT NOT NULL,
            event_id TEXT NOT NULL,
            contact TEXT NOT NULL,
            origin TEXT NOT NULL,
            origin_detail TEXT NOT NULL,
            intent TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'send', 'defer', 'refuse')),
            reason TEXT,
            decision TEXT NOT NULL,
            outbox_id TEXT,
            decided_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX decisions_event ON decisions (account, event_kind, event_id);
        """

    /// A send recorded without reaching Meta (no access token) gets a status of its own,
    /// `dry_run`, on the outbox row and its messages, instead of `sent` with a made-up id.
    /// SQLite cannot change a CHECK, so both tables are rebuilt (its documented way: new
    /// table, copy, drop, rename; GRDB runs migrations with foreign keys off and checks
    /// them after).
    private static let dryRunStatus = """
        CREATE TABLE outbox_new (
            id TEXT NOT NULL PRIMARY KEY,
            account TEXT NOT NULL,
            recipient TEXT NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'sent', 'dry_run', 'failed', 'refused')),
            decided_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            parts INTEGER NOT NULL CHECK (parts > 0),
            parts_sent INTEGER NOT NULL DEFAULT 0 CHECK (parts_sent BETWEEN 0 AND parts),
            dry_run INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
            error_code INTEGER,
            error_subcode INTEGER,
            error_message TEXT,
            reason TEXT,
            updated_at INTEGER NOT NULL,
            FOREIGN KEY (account, recipient) REFERENCES contacts (account, id)
        ) STRICT;
        INSERT INTO outbox_new (rowid, id, account, recipient, payload, state, decided_at, due_at, next_attempt_at,
            attempts, parts, parts_sent, dry_run, error_code, error_subcode, error_message, reason, updated_at)
        SELECT rowid, id, account, recipient, payload,
            CASE WHEN state = 'sent' AND id IN (
                SELECT outbox_id FROM messages WHERE mid LIKE 'dry-run:%') THEN 'dry_run' ELSE state END,
            decided_at, due_at, next_attempt_at, attempts, parts, parts_sent, dry_run, error_code, error_subcode,
            error_message, reason, updated_at
        FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_new RENAME TO outbox;
        CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';

        CREATE TABLE messages_new (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            contact TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
            mid TEXT,
            text TEXT,
            attachments TEXT NOT NULL DEFAULT '[]',
            quick_replies TEXT NOT NULL DEFAULT '[]',
            origin TEXT,
            status TEXT NOT NULL
                CHECK (status IN ('received', 'queued', 'sent', 'dry_run', 'delivered', 'read', 'failed', 'refused')),
            error_code INTEGER,
            error_subcode INTEGER,
            error_message TEXT,
            reason TEXT,
            dry_run INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
            outbox_id TEXT REFERENCES outbox (id),
            part INTEGER,
            created_at INTEGER NOT NULL,
            sent_at INTEGER,
            delivered_at INTEGER,
            read_at INTEGER,
            updated_at INTEGER NOT NULL,
            FOREIGN KEY (account, contact) REFERENCES contacts (account, id)
        ) STRICT;
        INSERT INTO messages_new
        SELECT id, account, contact, direction,
            CASE WHEN mid LIKE 'dry-run:%' THEN NULL ELSE mid END,
            text, attachments, quick_replies, origin,
            CASE WHEN mid LIKE 'dry-run:%' THEN 'dry_run' ELSE status END,
            error_code, error_subcode, error_message, reason, dry_run, outbox_id, part, created_at, sent_at,
            delivered_at, read_at, updated_at
        FROM messages;
        DROP TABLE messages;
        ALTER TABLE messages_new RENAME TO messages;
        CREATE UNIQUE INDEX messages_mid ON messages (mid) WHERE mid IS NOT NULL;
        CREATE UNIQUE INDEX messages_outbox_part ON messages (outbox_id, part) WHERE outbox_id IS NOT NULL;
        CREATE INDEX messages_conversation ON messages (account, contact, id);
        CREATE INDEX messages_unread ON messages (account, contact, sent_at) WHERE status IN ('sent', 'delivered');
        """
}
