extension PostgresMigrations {
    /// Accounts, contacts, the message history, comments, the de-duplication keys, the
    /// decision log and the outbox: SQLite's final schema (`Migrations.swift`, after all its
    /// migrations) in PostgreSQL's types. Times are BIGINT microseconds since 1970, JSON is
    /// TEXT written by `JSONText`, flags are BOOLEAN.
    ///
    /// Message and comment text is BYTEA (its UTF-8): PostgreSQL's TEXT cannot hold a NUL,
    /// which a DM can, and SQLite keeps such text whole.
    static let conversations = PostgresMigration(
        name: "2026-12-07-pg-02-conversations",
        statements: [
            """
            CREATE TABLE accounts (
                id TEXT NOT NULL PRIMARY KEY,
                first_seen_at BIGINT NOT NULL
            )
            """,
            // One row per (account, Instagram-scoped id); `version` makes concurrent writers
            // detect each other instead of losing an update.
            """
            CREATE TABLE contacts (
                account TEXT NOT NULL REFERENCES accounts (id),
                id TEXT NOT NULL,
                username TEXT,
                name TEXT,
                last_inbound_at BIGINT,
                tags TEXT NOT NULL DEFAULT '[]',
                data TEXT NOT NULL DEFAULT '{}',
                handoff_started_at BIGINT,
                handoff_reason TEXT,
                handoff_agent_at BIGINT,
                handoff_released_at BIGINT,
                version BIGINT NOT NULL CHECK (version > 0),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                thread_standby BOOLEAN,
                thread_control_at BIGINT,
                PRIMARY KEY (account, id),
                CHECK (handoff_started_at IS NOT NULL
                    OR (handoff_reason IS NULL AND handoff_agent_at IS NULL AND handoff_released_at IS NULL))
            )
            """,
            // The id is derived from the event and the rule position (`OutboxID`), so a
            // replayed event can never insert a second row. `seq` orders rows due at the same
            // time as SQLite's rowid does.
            """
            CREATE TABLE outbox (
                id TEXT NOT NULL PRIMARY KEY,
                seq BIGINT GENERATED ALWAYS AS IDENTITY,
                account TEXT NOT NULL,
                recipient TEXT NOT NULL,
                payload TEXT NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sending', 'sent', 'dry_run', 'failed', 'refused')),
                decided_at BIGINT NOT NULL,
                due_at BIGINT NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                parts BIGINT NOT NULL CHECK (parts > 0),
                parts_sent BIGINT NOT NULL DEFAULT 0 CHECK (parts_sent BETWEEN 0 AND parts),
                dry_run BOOLEAN NOT NULL DEFAULT false,
                error_code BIGINT,
                error_subcode BIGINT,
                error_message TEXT,
                reason TEXT,
                updated_at BIGINT NOT NULL,
                unconfirmed_since BIGINT,
                FOREIGN KEY (account, recipient) REFERENCES contacts (account, id)
            )
            """,
            "CREATE INDEX outbox_due ON outbox (next_attempt_at, seq) WHERE state = 'pending'",
            "CREATE INDEX outbox_sending ON outbox (id) WHERE state = 'sending'",
            // Both directions. Outgoing rows exist from the decision on (queued, or refused
            // with the reason) and get Meta's mid when sent.
            """
            CREATE TABLE messages (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                account TEXT NOT NULL,
                contact TEXT NOT NULL,
                direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                mid TEXT,
                text BYTEA,
                attachments TEXT NOT NULL DEFAULT '[]',
                quick_replies TEXT NOT NULL DEFAULT '[]',
                origin TEXT,
                status TEXT NOT NULL
                    CHECK (status IN ('received', 'queued', 'sent', 'dry_run', 'delivered', 'read', 'failed', 'refused')),
                error_code BIGINT,
                error_subcode BIGINT,
                error_message TEXT,
                reason TEXT,
                dry_run BOOLEAN NOT NULL DEFAULT false,
                outbox_id TEXT REFERENCES outbox (id),
                part BIGINT,
                created_at BIGINT NOT NULL,
                sent_at BIGINT,
                delivered_at BIGINT,
                read_at BIGINT,
                updated_at BIGINT NOT NULL,
                unsent_at BIGINT,
                FOREIGN KEY (account, contact) REFERENCES contacts (account, id)
            )
            """,
            "CREATE UNIQUE INDEX messages_mid ON messages (mid) WHERE mid IS NOT NULL",
            "CREATE UNIQUE INDEX messages_outbox_part ON messages (outbox_id, part) WHERE outbox_id IS NOT NULL",
            "CREATE INDEX messages_conversation ON messages (account, contact, id)",
            // Only what a read receipt can still change.
            "CREATE INDEX messages_unread ON messages (account, contact, sent_at) WHERE status IN ('sent', 'delivered')",
            // `private_reply_at` is when the one private reply was decided, `private_reply_sent_at`
            // when Meta accepted it.
            """
            CREATE TABLE comments (
                id TEXT NOT NULL PRIMARY KEY,
                account TEXT NOT NULL,
                contact TEXT NOT NULL,
                media_id TEXT,
                text BYTEA,
                commented_at BIGINT,
                private_reply_at BIGINT,
                private_reply_sent_at BIGINT,
                FOREIGN KEY (account, contact) REFERENCES contacts (account, id)
            )
            """,
            "CREATE INDEX comments_private_replies ON comments (account, contact) WHERE private_reply_at IS NOT NULL",
            """
            CREATE TABLE processed_events (
                account TEXT NOT NULL,
                kind TEXT NOT NULL,
                id TEXT NOT NULL,
                processed_at BIGINT NOT NULL,
                PRIMARY KEY (account, kind, id)
            )
            """,
            """
            CREATE TABLE decisions (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
                decided_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX decisions_event ON decisions (account, event_kind, event_id)",
        ])
}
