import Foundation
import LuagramDomain

/// Times as the PostgreSQL store keeps them: BIGINT microseconds since 1970, converted
/// exactly as SQLite's store converts its INTEGER ones, so a time written by either store
/// reads back the same from both.
enum PostgresTime {
    /// Never traps: `MetaTime.microseconds` saturates a time far out of range.
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
