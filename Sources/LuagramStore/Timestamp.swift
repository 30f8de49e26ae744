import Foundation

/// Times are stored as integer microseconds since 1970: they sort and compare in SQL
/// without parsing, index compactly, round-trip the millisecond times Meta sends
/// exactly, and match PostgreSQL's `timestamptz` resolution.
enum Timestamp {
    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
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
