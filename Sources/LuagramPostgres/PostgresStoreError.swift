/// Why a PostgreSQL store cannot be opened or used by this version of Luagram.
public enum PostgresStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `--db` URL cannot be read.
    case badURL(String)
    /// The database was migrated by a newer Luagram; these migrations are unknown here.
    case newerSchema(unknownMigrations: [String])
    /// The server did not answer in time (down, unreachable, or every connection busy).
    case unavailable(String)
    /// The database answered something this Luagram cannot read (a function of another version).
    case unexpectedAnswer(String)

    public var description: String {
        switch self {
        case .badURL(let problem):
            "bad PostgreSQL URL: \(problem)"
        case .newerSchema(let unknown):
            "the database was written by a newer Luagram (unknown migrations: \(unknown.joined(separator: ", ")))"
        case .unavailable(let problem):
            "PostgreSQL unavailable: \(problem)"
        case .unexpectedAnswer(let answer):
            "unexpected answer from PostgreSQL: \(answer)"
        }
    }
}
