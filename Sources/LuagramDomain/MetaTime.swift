import Foundation

/// Meta's timestamps as dates, whatever unit they come in: webhooks and Graph API answers.
///
/// Messaging items carry epoch milliseconds, comment entries have been seen with epoch seconds,
/// dashboard test payloads quote seconds as strings, and Graph API objects use ISO-8601. The
/// unit is told apart by size: Instagram did not exist in 1973 (1e11 ms) and will not reach
/// the year 5138 (1e11 s), so a number below 1e11 is seconds, below 1e14 milliseconds, and
/// anything larger microseconds.
public enum MetaTime {
    public static func date(_ value: Value?) -> Date? {
        guard let value else { return nil }
        switch value {
        case .int(let int): return date(epoch: Double(int))
        case .double(let double): return date(epoch: double)
        case .string(let string):
            if let number = Double(string) { return date(epoch: number) }
            return iso8601(string)
        default: return nil
        }
    }

    private static func date(epoch number: Double) -> Date? {
        guard number.isFinite, number > 0 else { return nil }
        let seconds: Double
        if number < 1e11 {
            seconds = number
        } else if number < 1e14 {
            seconds = number / 1e3
        } else if number < 1e17 {
            seconds = number / 1e6
        } else {
            return nil
        }
        return Date(timeIntervalSince1970: seconds)
    }

    private static func iso8601(_ string: String) -> Date? {
        guard string.count <= 40, string.contains("T") else { return nil }
        // Graph API writes "+0000"; ISO8601DateFormatter wants "+00:00" or "Z".
        var text = string
        if text.count > 5, let sign = text.dropLast(4).last, sign == "+" || sign == "-", text.suffix(4).allSatisfy(\.isNumber) {
            text.insert(":", at: text.index(text.endIndex, offsetBy: -2))
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// Whole milliseconds since the epoch, for ids built from a time.
    public static func milliseconds(_ date: Date) -> Int64 {
        checkedInt64(date.timeIntervalSince1970 * 1000)
    }

    /// Whole microseconds since the epoch (what the store keeps), for ids built from a time.
    public static func microseconds(_ date: Date) -> Int64 {
        checkedInt64(date.timeIntervalSince1970 * 1_000_000)
    }

    /// The latest time Luagram accepts from its inputs (a simulate line, a rule test's
    /// clock): 9999-12-31T23:59:59Z. Webhook times never go past the year 5138 (see above).
    public static let latest = Date(timeIntervalSince1970: 253_402_300_799)

    /// Whether `date` is a time Luagram can keep: finite, from 1970 up to `latest`.
    public static func isSupported(_ date: Date) -> Bool {
        let seconds = date.timeIntervalSince1970
        return seconds.isFinite && seconds >= 0 && date <= latest
    }

    /// `value` rounded, as an Int64; out of range (only a time far outside `isSupported`
    /// could be) it must not trap the conversion: non-finite becomes 0, the rest saturates.
    static func checkedInt64(_ value: Double) -> Int64 {
        let rounded = value.rounded()
        guard rounded.isFinite else { return 0 }
        guard let exact = Int64(exactly: min(max(rounded, -9.2e18), 9.2e18)) else { return 0 }
        return exact
    }
}
