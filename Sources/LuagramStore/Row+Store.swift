import Foundation
import GRDB
import LuagramDomain

extension Row {
    func time(_ column: String) throws -> Date {
        Timestamp.date(try decode(Int64.self, forColumn: column))
    }

    func optionalTime(_ column: String) throws -> Date? {
        Timestamp.date(try decode(Int64?.self, forColumn: column))
    }

    func bool(_ column: String) throws -> Bool {
        try decode(Int64.self, forColumn: column) != 0
    }

    func int(_ column: String) throws -> Int {
        Int(try decode(Int64.self, forColumn: column))
    }

    func optionalInt(_ column: String) throws -> Int? {
        try decode(Int64?.self, forColumn: column).map { Int($0) }
    }

    /// A JSON column as a `Value` (qualified: inside `Row`, `Value` is its element type).
    func json(_ column: String, in table: String) throws -> LuagramDomain.Value {
        try StoredJSON.parse(try decode(String.self, forColumn: column), table: table, column: column)
    }

    /// A column holding a Swift raw value.
    func raw<T: RawRepresentable>(_ column: String, in table: String) throws -> T where T.RawValue == String {
        let text = try decode(String.self, forColumn: column)
        guard let value = T(rawValue: text) else {
            throw StoreError.corruptValue(table: table, column: column, detail: "unknown value \(text)")
        }
        return value
    }

    func optionalRaw<T: RawRepresentable>(_ column: String, in table: String) throws -> T? where T.RawValue == String {
        guard try decode(String?.self, forColumn: column) != nil else { return nil }
        return try raw(column, in: table) as T
    }

    /// Meta's error as kept in `error_code`, `error_subcode` and `error_message`.
    func sendFailure() throws -> SendFailure? {
        guard let message = try decode(String?.self, forColumn: "error_message") else { return nil }
        return SendFailure(code: try optionalInt("error_code"), subcode: try optionalInt("error_subcode"), message: message)
    }
}

/// Reads a stored shape, reporting a mismatch as a corrupt column.
func readStored<T>(_ table: String, _ column: String, _ read: () throws(StoredShapeError) -> T) throws -> T {
    try StoredJSON.read(table, column, read)
}
