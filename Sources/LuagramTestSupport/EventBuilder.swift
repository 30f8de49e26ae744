import Foundation
import LuagramDomain

/// Realistic events with sensible defaults, for tests and benchmarks.
public enum EventBuilder {
    public static let account = "17841400000000001"
    public static let time = Date(timeIntervalSince1970: 1_795_000_000)

    public static func contact(id: String = "1284567890123456", username: String? = "ana.sousa", name: String? = "Ana Sousa") -> Contact {
        Contact(id: id, username: username, name: name)
    }

    public static func message(
        _ text: String? = "Hi! What's the price of the blue dress?", id: String = "aWdfZAG1faWQ6MTIzNDU2Nzg5",
        contact: Contact = contact(), attachments: [Value] = [], fields: [String: Value] = [:], time: Date = time
    ) -> Event {
        Event(kind: .message, id: id, time: time, account: account, contact: contact, text: text, attachments: attachments, fields: fields)
    }

    public static func comment(
        _ text: String = "Love this! How much? 😍", id: String = "17858893269000001", contact: Contact = contact(),
        media: Value = ["id": "17895695668004550", "media_product_type": "FEED"], time: Date = time
    ) -> Event {
        Event(kind: .comment, id: id, time: time, account: account, contact: contact, text: text, fields: ["media": media])
    }

    public static func event(_ kind: EventKind, id: String = "evt-1", text: String? = nil, contact: Contact = contact(), fields: [String: Value] = [:]) -> Event {
        Event(kind: kind, id: id, time: time, account: account, contact: contact, text: text, fields: fields)
    }
}
