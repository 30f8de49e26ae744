/// One named, append-only change to the PostgreSQL schema, like SQLite's migrations: applied
/// once, in order, recorded in `luagram_migrations`. Never edit one that has shipped; add
/// another.
struct PostgresMigration: Sendable {
    var name: String
    /// Run in one transaction, in order.
    var statements: [String]
}
