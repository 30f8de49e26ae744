import Foundation
import LuagramDomain

/// An event as one JSON object, the shape `luagram decode` prints one per line: `kind`, `id`,
/// `time` (ISO-8601 UTC with milliseconds), `account`, `contact`, `text`, `attachments`,
/// `fields`. Keys are sorted so the same event always prints the same line.
public enum EventJSON {
    public static func value(_ event: Event) -> Value {
        var contact: [String: Value] = ["id": .string(event.contact.id)]
        if let username = event.contact.username { contact["username"] = .string(username) }
        if let name = event.contact.name { contact["name"] = .string(name) }
        return .object([
            "kind": .string(event.kind.rawValue),
            "id": .string(event.id),
            "time": .string(iso8601(event.time)),
            "account": .string(event.account),
            "contact": .object(contact),
            "text": event.text.map { .string($0) } ?? .null,
            "attachments": .array(event.attachments),
            "fields": .object(event.fields),
        ])
    }

    public static func line(_ event: Event) -> String {
        JSONText.serialize(value(event))
    }

    /// `2026-01-01T00:00:00.123Z`. The milliseconds are rounded here rather than by the
    /// formatter, which truncates: 1767226300123 ms is stored as …300.12299 s and would print .122.
    public static func iso8601(_ date: Date) -> String {
        let milliseconds = MetaTime.milliseconds(date)
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (wholeSeconds, millis) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
        let text = Date(timeIntervalSince1970: Double(wholeSeconds)).formatted(Date.ISO8601FormatStyle())
        let digits = String(millis)
        return text.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }
}
