extension PostgresMigrations {
    /// `account_rate_state`: what the sender must not forget across a restart, an account's
    /// private replies of the last hour (a JSON array of microsecond times, as SQLite keeps
    /// it) and a throttle pause Meta imposed.
    static let rateState = PostgresMigration(
        name: "2026-12-07-pg-03-account-rate-state",
        statements: [
            """
            CREATE TABLE account_rate_state (
                account TEXT NOT NULL PRIMARY KEY,
                private_reply_calls TEXT NOT NULL DEFAULT '[]',
                paused_until BIGINT,
                paused_since BIGINT,
                consecutive_throttles INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_throttles >= 0),
                error_code BIGINT,
                error_subcode BIGINT,
                error_message TEXT,
                updated_at BIGINT NOT NULL
            )
            """
        ])
}
