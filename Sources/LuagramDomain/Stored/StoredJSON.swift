import Foundation

/// Reading back what a store wrote in its JSON columns, with a failure named after the
/// column: shared by the SQLite and PostgreSQL stores.
public enum StoredJSON {
    /// What the store wrote itself: bounded only so that a corrupted column cannot make the
    /// parser run away.
    public static let limits = JSONLimits.stored

    /// A JSON column's text as a `Value`.
    public static func parse(_ text: String, table: String, column: String) throws -> Value {
        do throws(JSONSyntaxError) {
            return try JSONText.parse(Array(text.utf8), limits: limits)
        } catch {
            throw StoreError.corruptValue(table: table, column: column, detail: error.description)
        }
    }

    /// Reads a stored shape, reporting a mismatch as a corrupt column.
    public static func read<T>(_ table: String, _ column: String, _ read: () throws(StoredShapeError) -> T) throws -> T {
        do throws(StoredShapeError) {
            return try read()
        } catch {
            throw StoreError.corruptValue(table: table, column: column, detail: error.detail)
        }
    }
}
