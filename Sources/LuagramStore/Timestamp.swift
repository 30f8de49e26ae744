import Foundation
import LuagramDomain

/// Times are stored as integer microseconds since 1970: they sort and compare in SQL
/// without parsing, index compactly, round-trip the millisecond times Meta sends
/// exactly. The conversion is `StoredTime`'s, shared with the PostgreSQL store.
enum Timestamp {
    /// Never traps: the inputs refuse times past `MetaTime.latest`, and one that slipped
    /// through saturates instead of stopping the process.
    static func micros(_ date: Date) -> Int64 {
        StoredTime.micros(date)
    }

    static func micros(_ date: Date?) -> Int64? {
        date.map(micros)
    }

    static func date(_ micros: Int64) -> Date {
        StoredTime.date(micros)
    }

    static func date(_ micros: Int64?) -> Date? {
        micros.map(date)
    }
}
