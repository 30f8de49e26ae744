import GRDB

extension Database {
    /// Runs one of the store's statements through the connection's statement cache: the
    /// hot paths run the same few statements on every event, and preparing one (with
    /// GRDB's authorizer) costs more than running it.
    func executeCached(sql: String, arguments: StatementArguments) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
