import Foundation

/// Times as the stores keep them: integer microseconds since 1970, in SQLite's INTEGER and
/// PostgreSQL's BIGINT columns alike, so both round the same way and compare in SQL without
/// parsing (and match PostgreSQL's `timestamptz` resolution).
public enum StoredTime {
    /// Never traps: the inputs refuse times past `MetaTime.latest`, and one that slipped
    /// through saturates instead of stopping the process.
    public static func micros(_ date: Date) -> Int64 {
        MetaTime.microseconds(date)
    }

    public static func micros(_ date: Date?) -> Int64? {
        date.map(micros)
    }

    public static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    public static func date(_ micros: Int64?) -> Date? {
        micros.map(date)
    }
}
