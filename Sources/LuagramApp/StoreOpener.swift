import Foundation
import Logging
import LuagramDomain
import LuagramEngine
import LuagramPostgres
import LuagramStore

/// Opens the database that `--db` (or `db:` in the configuration file) names: a
/// `postgres://` URL for PostgreSQL, otherwise a SQLite file, or `:memory:` for a private
/// SQLite database that is gone afterwards (`simulate`).
public enum StoreOpener {
    /// Whether `database` names a PostgreSQL server rather than a SQLite file.
    public static func isPostgres(_ database: String) -> Bool { PostgresLocation.isURL(database) }

    /// `database` as it may be printed or logged: a URL loses its password.
    public static func printable(_ database: String) -> String {
        guard isPostgres(database) else { return database }
        return (try? PostgresLocation(url: database).description) ?? "postgres://(unreadable URL)"
    }

    /// Whether a PostgreSQL URL carries a password in itself.
    public static func hasPassword(_ database: String) -> Bool {
        isPostgres(database) && (try? PostgresLocation(url: database))?.password != nil
    }

    /// Opens the store, bringing its schema up to date. `password`, if given, is used for a
    /// PostgreSQL URL that carries none (from `LUAGRAM_DATABASE_PASSWORD` or its file). A node
    /// of a cluster passes its `membership`; a command, which claims nothing, none.
    public static func open(
        _ database: String, password: String? = nil, membership: ClusterMembership? = nil, logger: Logger
    ) async throws -> any DataStore {
        if isPostgres(database) {
            var location = try PostgresLocation(url: database)
            if location.password == nil { location.password = password }
            return try await PostgresStore(location: location, membership: membership, logger: logger)
        }
        return try database == ":memory:" ? SQLiteStore.inMemory() : SQLiteStore(path: database)
    }

    /// Where this node notes the sends it is about to post, so that after a crash only those
    /// are checked with Meta: beside a SQLite file; for PostgreSQL, a local file per node
    /// (`send_journal`), as the journal must survive the node's process, not the database.
    public static func journalPath(forDatabase database: String, configured: String?) -> String {
        if let configured, !configured.isEmpty { return configured }
        return isPostgres(database) ? "luagram-sends" : SendJournal.path(forDatabase: database)
    }
}
