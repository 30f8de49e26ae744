import Foundation
import LuagramDomain

/// Webhook bodies shaped as Meta sends them (https://developers.facebook.com/docs/instagram-platform/webhooks/examples;
/// docs/meta-graph-api.md for shapes seen only in production), for the event builders of rule
/// tests: each builder takes the test's overrides and fills in the rest with defaults.
struct TestWebhooks {
    let account: String
    let contact: String
    let username: String
    private(set) var sequence = 0

    /// Overrides read from a Lua table.
    typealias Fields = [String: Value]

    mutating func next(_ prefix: String) -> String {
        sequence += 1
        return "\(prefix).\(sequence)"
    }

    func body(messaging item: Value, at time: Date) -> Data {
        envelope(["messaging": .array([item])], at: time, milliseconds: true)
    }

    func body(change field: String, value: Value, at time: Date) -> Data {
        envelope(["changes": .array([.object(["field": .string(field), "value": value])])], at: time, milliseconds: false)
    }

    /// A direct message from the contact (or `from`).
    mutating func message(_ fields: Fields, at time: Date, extra: Fields = [:]) -> (id: String, body: Data) {
        let mid = fields["mid"]?.stringValue ?? next("mid.test")
        var message: Fields = ["mid": .string(mid)]
        if let text = fields["text"] { message["text"] = text } else if fields["attachments"] == nil, extra.isEmpty {
            message["text"] = .string("Hello")
        }
        if let payload = fields["quick_reply"] { message["quick_reply"] = .object(["payload": payload]) }
        if let reply = fields["reply_to"] { message["reply_to"] = .object(["mid": reply]) }
        if case .array(let attachments)? = fields["attachments"] { message["attachments"] = .array(attachments.map(Self.attachment)) }
        for (key, value) in extra { message[key] = value }
        return (mid, body(messaging: item(from: fields, at: time, ["message": .object(message)]), at: time))
    }

    /// `{type = "image", url = …}` as Meta sends it: `{"type": "image", "payload": {"url": …}}`.
    static func attachment(_ short: Value) -> Value {
        guard case .object(var fields) = short, fields["payload"] == nil else { return short }
        let url = fields.removeValue(forKey: "url") ?? .string("https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2")
        fields["payload"] = .object(["url": url])
        return .object(fields)
    }

    /// A messaging item from the contact to the account with `content`.
    func item(from fields: Fields, at time: Date, _ content: Fields) -> Value {
        var item: Fields = [
            "sender": .object(["id": .string(fields["from"]?.stringValue ?? contact)]),
            "recipient": .object(["id": .string(account)]),
            "timestamp": .int(MetaTime.milliseconds(time)),
        ]
        for (key, value) in content { item[key] = value }
        return .object(item)
    }

    /// A comment (or live comment) on one of the account's posts.
    mutating func comment(_ fields: Fields, live: Bool, at time: Date) -> (id: String, body: Data) {
        let id = fields["id"]?.stringValue ?? String(17_950_000_000_000_000 + sequence + 1)
        sequence += 1
        let value: Value = .object([
            "from": .object([
                "id": .string(fields["from"]?.stringValue ?? contact),
                "username": .string(fields["username"]?.stringValue ?? username),
            ]),
            "media": .object([
                "id": .string(fields["media"]?.stringValue ?? "17900000000000001"),
                "media_product_type": .string(live ? "LIVE" : "FEED"),
            ]),
            "id": .string(id),
            "text": fields["text"] ?? .string("Nice!"),
        ])
        return (id, body(change: live ? "live_comments" : "comments", value: value, at: time))
    }

    private func envelope(_ content: Fields, at time: Date, milliseconds: Bool) -> Data {
        var entry: Fields = [
            "id": .string(account),
            "time": .int(milliseconds ? MetaTime.milliseconds(time) : MetaTime.milliseconds(time) / 1000),
        ]
        for (key, value) in content { entry[key] = value }
        let body: Value = .object(["object": .string("instagram"), "entry": .array([.object(entry)])])
        return Data(JSONText.serialize(body).utf8)
    }
}
