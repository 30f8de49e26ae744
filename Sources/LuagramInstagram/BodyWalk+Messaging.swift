import Foundation
import LuagramDomain

// `entry[].messaging[]` and `entry[].standby[]` items: one of `message`, `message_edit`,
// `reaction`, `read`, `postback` or `referral` beside `sender`, `recipient` and `timestamp`.
extension BodyWalk {
    /// The keys that frame an item rather than say what happened.
    private static let envelopeKeys: Set<String> = ["sender", "recipient", "timestamp", "is_self"]

    mutating func messagingItem(_ value: Value, entry: EntryContext, flags: ItemFlags, path: String) {
        do throws(ItemFailure) {
            try decodeMessagingItem(value, entry: entry, flags: flags, path: path)
        } catch {
            report(error.path, error.message)
        }
    }

    private mutating func decodeMessagingItem(_ value: Value, entry: EntryContext, flags: ItemFlags, path: String) throws(ItemFailure) {
        guard case .object(let members) = value else {
            throw ItemFailure(path, "messaging item is \(value.typeName), not an object")
        }
        let isEcho = members["message"]?["is_echo"]?.isTrue ?? false
        let parties = try Self.parties(of: members, entry: entry, isEcho: isEcho, path: path)
        var flags = flags
        if let sender = members["sender"]?["id"]?.idString, let recipient = members["recipient"]?["id"]?.idString,
            MetaSamplePayloads.isSampleMessage(sender: sender, recipient: recipient)
        {
            flags.test = true
        }
        let time = MetaTime.date(members["timestamp"])
        if time == nil, let timestamp = members["timestamp"] {
            report("\(path).timestamp", "timestamp is not a time (\(timestamp.typeName)); the entry's time is used")
        }
        let item = MessagingItem(members: members, parties: parties, time: time ?? entry.time ?? receivedAt, flags: flags, path: path)

        if let message = members["message"] {
            guard case .object(let body) = message else {
                throw ItemFailure("\(path).message", "message is \(message.typeName), not an object")
            }
            try self.message(body, item: item, isEcho: isEcho)
        } else if let edit = members["message_edit"] {
            try self.edit(try Self.object(edit, "message_edit", path), item: item)
        } else if let reaction = members["reaction"] {
            try self.reaction(try Self.object(reaction, "reaction", path), item: item)
        } else if let read = members["read"] {
            try self.read(try Self.object(read, "read", path), item: item)
        } else if let postback = members["postback"] {
            postbackItem(try Self.object(postback, "postback", path), item: item)
        } else if let referral = members["referral"] {
            referralItem(referral, item: item)
        } else {
            // A handover, an opt-in, a delivery receipt or something newer: kept whole.
            let type = members.keys.filter { !Self.envelopeKeys.contains($0) }.sorted().first
            var fields = item.fields()
            if let type { fields[EventField.type] = .string(type) }
            fields[EventField.raw] = value
            fields[EventField.fallbackText] = .string(EventField.unsupportedMessage)
            emit(item.event(.unknown, id: Self.contentID(.unknown, value), fields: fields))
        }
    }

    /// The account is `entry.id`; the contact is whichever party is not the account. Dashboard
    /// test payloads have `entry.id` `"0"`, so there the roles come from `is_echo` alone: the
    /// business receives messages and sends echoes.
    static func parties(of item: [String: Value], entry: EntryContext, isEcho: Bool, path: String) throws(ItemFailure) -> Parties {
        guard let sender = item["sender"]?["id"]?.idString else {
            throw ItemFailure(path, "messaging item without sender.id")
        }
        guard let recipient = item["recipient"]?["id"]?.idString else {
            throw ItemFailure(path, "messaging item without recipient.id")
        }
        if let business = entry.businessID {
            if isEcho || sender == business {
                return Parties(account: business, contact: recipient, fromSelf: true)
            }
            return Parties(account: business, contact: sender, fromSelf: false)
        }
        if isEcho { return Parties(account: sender, contact: recipient, fromSelf: true) }
        return Parties(account: recipient, contact: sender, fromSelf: false)
    }

    static func object(_ value: Value, _ key: String, _ path: String) throws(ItemFailure) -> [String: Value] {
        guard case .object(let members) = value else {
            throw ItemFailure("\(path).\(key)", "\(key) is \(value.typeName), not an object")
        }
        return members
    }

    /// `message_edit {mid, text, num_edit}`. Each edit is its own event, so the id carries the
    /// edit number.
    private mutating func edit(_ edit: [String: Value], item: MessagingItem) throws(ItemFailure) {
        let path = "\(item.path).message_edit"
        guard let mid = edit["mid"]?.idString else { throw ItemFailure(path, "message_edit without mid") }
        var fields = item.fields()
        fields[EventField.mid] = .string(mid)
        let count = edit["num_edit"]?.integer
        if let count { fields[EventField.numEdit] = .int(count) }
        let text = string(edit["text"], path: "\(path).text")
        let id = count.map { "\(mid)#\($0)" } ?? "\(mid)@\(MetaTime.milliseconds(item.time))"
        emit(item.event(.edit, id: id, text: text, fields: fields))
    }

    /// `reaction {mid, action, reaction, emoji}`; an unreact has no reaction or emoji.
    private mutating func reaction(_ reaction: [String: Value], item: MessagingItem) throws(ItemFailure) {
        let path = "\(item.path).reaction"
        guard let mid = reaction["mid"]?.idString else { throw ItemFailure(path, "reaction without mid") }
        var fields = item.fields()
        fields[EventField.targetMid] = .string(mid)
        let name = string(reaction["reaction"], path: "\(path).reaction")
        let emoji = string(reaction["emoji"], path: "\(path).emoji")
        // Meta always sends `action`; without it, a reaction that names an emoji is a react.
        let action = string(reaction["action"], path: "\(path).action") ?? ((name ?? emoji) != nil ? "react" : "unreact")
        fields[EventField.action] = .string(action)
        if let name { fields[EventField.reaction] = .string(name) }
        if let emoji { fields[EventField.emoji] = .string(emoji) }
        emit(item.event(.reaction, id: "\(mid)#\(action)@\(MetaTime.milliseconds(item.time))", fields: fields))
    }

    /// `read {mid}` on Instagram; Messenger's `read {watermark}` is kept too.
    private mutating func read(_ read: [String: Value], item: MessagingItem) throws(ItemFailure) {
        let mid = read["mid"]?.idString
        let watermark = read["watermark"]?.integer
        guard mid != nil || watermark != nil else {
            throw ItemFailure("\(item.path).read", "read without mid or watermark")
        }
        var fields = item.fields()
        if let mid { fields[EventField.mid] = .string(mid) }
        if let watermark { fields[EventField.watermark] = .int(watermark) }
        emit(item.event(.read, id: mid ?? "\(item.parties.contact)@\(watermark!)", fields: fields))
    }

    /// `postback {mid, title, payload, referral}`. Before v11 there is no mid; the id is then
    /// the contact, the time and the payload, which a re-delivery repeats exactly.
    private mutating func postbackItem(_ postback: [String: Value], item: MessagingItem) {
        let path = "\(item.path).postback"
        var fields = item.fields()
        let mid = postback["mid"]?.idString
        if let mid { fields[EventField.mid] = .string(mid) }
        let payload = string(postback["payload"], path: "\(path).payload")
        let title = string(postback["title"], path: "\(path).title")
        if payload == nil && title == nil { report(path, "postback without payload or title") }
        if let payload { fields[EventField.payload] = .string(payload) }
        if let title { fields[EventField.title] = .string(title) }
        if let referral = postback["referral"], let normalised = self.referral(referral, path: "\(path).referral") {
            fields[EventField.referral] = normalised
        }
        let id = mid ?? "\(item.contactAndTime)#\(payload ?? title ?? "")"
        emit(item.event(.postback, id: id, fields: fields))
    }

    /// `referral` at item level: `messaging_referral`, a known contact opening the thread from
    /// an ig.me link or an ad. It carries no id; the contact and time make one.
    private mutating func referralItem(_ value: Value, item: MessagingItem) {
        let path = "\(item.path).referral"
        // `referral(_:path:)` has reported why it is unusable.
        guard let referral = referral(value, path: path) else { return }
        var fields = item.fields()
        fields[EventField.referral] = referral
        let ref = referral["ref"]?.stringValue ?? ""
        emit(item.event(.referral, id: "\(item.contactAndTime)#\(ref)", fields: fields))
    }

    /// A string field, or nil; a value of another type is reported and read as absent.
    mutating func string(_ value: Value?, path: String) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let string)?: return string
        case let other?:
            report(path, "expected a string, found \(other.typeName); ignored")
            return nil
        }
    }

    /// Meta's `referral` object with the keys Luagram knows, as strings.
    mutating func referral(_ value: Value, path: String) -> Value? {
        guard case .object(let members) = value else {
            report(path, "referral is \(value.typeName), not an object; ignored")
            return nil
        }
        var out: [String: Value] = [:]
        for key in ["ref", "source", "type", "ad_id"] {
            if let text = members[key]?.idString { out[key] = .string(text) }
        }
        if let context = members["ads_context_data"]?.objectMembers {
            var ads: [String: Value] = [:]
            for key in ["ad_title", "photo_url", "video_url", "post_id", "product_id", "flow_id"] {
                if let text = context[key]?.idString { ads[key] = .string(text) }
            }
            if !ads.isEmpty { out["ads_context_data"] = .object(ads) }
        }
        if let product = members["product"]?["id"]?.idString {
            out["product"] = ["id": .string(product)]
        }
        guard !out.isEmpty else {
            report(path, "referral without ref, source, type, ad_id or product; ignored")
            return nil
        }
        return .object(out)
    }
}
