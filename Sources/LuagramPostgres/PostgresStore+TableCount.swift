import PostgresNIO

extension PostgresStore {
    /// The rows of one of the store's tables, for its tests (which check that a table was
    /// left empty); internal on purpose: the engine goes through the ports only.
    func rowCount(of table: String) async throws -> Int {
        guard PostgresLocation.isPlainName(table) else { throw PostgresStoreError.badURL("not a table name: \(table)") }
        return try await transaction { [self] connection in
            var count = 0
            for try await n in try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), logger: logger)
                .decode(Int64.self)
            {
                count = Int(n)
            }
            return count
        }
    }
}
