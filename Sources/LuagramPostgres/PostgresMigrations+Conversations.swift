extension PostgresMigrations {
    /// TODO(helper): the tables of this area, translated from LuagramStore's final SQLite schema.
    static let conversations = PostgresMigration(name: "2026-12-07-pg-02-conversations", statements: [])
}
