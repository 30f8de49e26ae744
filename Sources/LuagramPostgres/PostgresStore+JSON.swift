import LuagramDomain

extension PostgresStore {
    /// A JSON column the store wrote itself, as a `Value`; unreadable text is a corrupt
    /// value of that column.
    static func json(_ text: String, table: String, column: String) throws -> Value {
        do throws(JSONSyntaxError) {
            return try JSONText.parse(Array(text.utf8), limits: .stored)
        } catch {
            throw StoreError.corruptValue(table: table, column: column, detail: error.description)
        }
    }
}
