import Foundation
import LuagramDomain
import PostgresNIO

/// Reading the store's columns: times from BIGINT microseconds, JSON from TEXT, enumerations
/// from their raw values, as `Row+Store` does for SQLite.
extension PostgresRandomAccessRow {
    func string(_ column: String) throws -> String { try self[column].decode(String.self) }

    func optionalString(_ column: String) throws -> String? { try self[column].decode(String?.self) }

    func int64(_ column: String) throws -> Int64 { try self[column].decode(Int64.self) }

    func int(_ column: String) throws -> Int { Int(try int64(column)) }

    func optionalInt(_ column: String) throws -> Int? { try self[column].decode(Int64?.self).map { Int($0) } }

    func bool(_ column: String) throws -> Bool { try self[column].decode(Bool.self) }

    func time(_ column: String) throws -> Date { StoredTime.date(try int64(column)) }

    func optionalTime(_ column: String) throws -> Date? { StoredTime.date(try self[column].decode(Int64?.self)) }

    /// A BYTEA column holding UTF-8 text (message and comment text, which may hold a NUL).
    func text(_ column: String) throws -> String? {
        try self[column].decode(Data?.self).map { String(decoding: $0, as: UTF8.self) }
    }

    func json(_ column: String, in table: String) throws -> Value {
        try StoredJSON.parse(try string(column), table: table, column: column)
    }

    func raw<T: RawRepresentable>(_ column: String, in table: String) throws -> T where T.RawValue == String {
        let text = try string(column)
        guard let value = T(rawValue: text) else {
            throw StoreError.corruptValue(table: table, column: column, detail: "unknown value \(text)")
        }
        return value
    }

    func optionalRaw<T: RawRepresentable>(_ column: String, in table: String) throws -> T? where T.RawValue == String {
        guard try optionalString(column) != nil else { return nil }
        return try raw(column, in: table) as T
    }

    /// Meta's error as kept in `error_code`, `error_subcode` and `error_message`.
    func sendFailure() throws -> SendFailure? {
        guard let message = try optionalString("error_message") else { return nil }
        return SendFailure(code: try optionalInt("error_code"), subcode: try optionalInt("error_subcode"), message: message)
    }
}

/// Binding values the way the columns hold them.
enum PostgresBind {
    /// Text for a BYTEA text column: its UTF-8, whole.
    static func text(_ text: String?) -> Data? { text.map { Data($0.utf8) } }

    /// Free text for a TEXT column, cut at a NUL as SQLite's binding cuts it: PostgreSQL
    /// refuses a NUL in TEXT, and the commit must not fail on a rule's odd string.
    static func plain(_ text: String?) -> String? {
        guard let text, let nul = text.firstIndex(of: "\u{0}") else { return text }
        return String(text[..<nul])
    }
}

extension PostgresRowSequence {
    /// Every row, for random access by column name.
    func rows() async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in self { rows.append(row.makeRandomAccess()) }
        return rows
    }

    /// How many rows came back: a statement's `RETURNING 1` counts the rows it changed.
    func count() async throws -> Int {
        var n = 0
        for try await _ in self { n += 1 }
        return n
    }
}
