import Foundation
import LuagramDomain

/// Times are stored as integer microseconds since 1970: they sort and compare in SQL
/// without parsing, index compactly, round-trip the millisecond times Meta sends
/// exactly, and match PostgreSQL's `timestamptz` resolution.
enum Timestamp {
    /// Never traps: the inputs refuse times past `MetaTime.latest`, and one that slipped
    /// through saturates instead of stopping the process.
    static func micros(_ date: Date) -> Int64 {
        MetaTime.microseconds(date)
    }

    static func micros(_ date: Date?) -> Int64? {
        date.map(micros)
    }

    static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    static func date(_ micros: Int64?) -> Date? {
        micros.map(date)
    }
}
