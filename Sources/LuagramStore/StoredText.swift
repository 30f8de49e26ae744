import Foundation

/// Text that may hold NUL characters ("a\u{0}b" in a DM), in and out of SQLite whole.
///
/// GRDB binds a Swift `String` as a C string and reads text columns back with
/// `String(cString:)`, so both ends stop at the first NUL: a message's text was stored cut
/// there. These columns are bound as the UTF-8 bytes and cast to TEXT in SQL, which keeps
/// the length, and read back cast to a BLOB.
enum StoredText {
    /// The argument for a `CAST(? AS TEXT)` placeholder.
    static func argument(_ text: String?) -> Data? {
        text.map { Data($0.utf8) }
    }

    /// The text of a column read as `CAST(column AS BLOB)`.
    static func text(_ bytes: Data?) -> String? {
        bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The selection that reads the messages' text whole, as `text_bytes`.
    static let messageColumns = "*, CAST(text AS BLOB) AS text_bytes"
}
