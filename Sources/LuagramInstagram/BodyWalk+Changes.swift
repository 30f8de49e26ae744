import Foundation
import LuagramDomain

// `entry[].changes[] = {field, value}` and the flat `entry[].field/value`: comments, live
// comments, mentions, and — from the App Dashboard's "Test" button — messaging items.
extension BodyWalk {
    mutating func change(_ value: Value, entry: EntryContext, path: String) {
        do throws(ItemFailure) {
            try decodeChange(value, entry: entry, path: path)
        } catch {
            report(error.path, error.message)
        }
    }

    private mutating func decodeChange(_ change: Value, entry: EntryContext, path: String) throws(ItemFailure) {
        guard case .object(let members) = change else {
            throw ItemFailure(path, "change is \(change.typeName), not an object")
        }
        let field = members["field"]?.stringValue
        guard let value = members["value"] else { throw ItemFailure(path, "change without value") }
        // Test payloads wrap a messaging item, whatever the field is called.
        if value["sender"] != nil || value["recipient"] != nil {
            messagingItem(value, entry: entry, flags: ItemFlags(test: entry.isTest), path: "\(path).value")
            return
        }
        switch field {
        case "comments": try comment(value, kind: .comment, entry: entry, path: "\(path).value")
        case "live_comments": try comment(value, kind: .liveComment, entry: entry, path: "\(path).value")
        case "mentions": try mention(value, entry: entry, path: "\(path).value")
        default:
            var fields = ItemFlags(test: entry.isTest).baseFields(fromSelf: false)
            if let field { fields[EventField.type] = .string(field) }
            fields[EventField.raw] = change
            fields[EventField.fallbackText] = .string(EventField.unsupportedMessage)
            let contact = (value["from"]?["id"] ?? value["sender"]?["id"])?.idString ?? ""
            emit(
                Event(
                    kind: .unknown, id: Self.contentID(.unknown, change), time: Self.time(of: value, entry) ?? receivedAt,
                    account: entry.id ?? "", contact: Contact(id: contact), fields: fields))
        }
    }

    /// A change's own time when it has one, else the entry's (seconds or ms, see `WebhookTime`).
    private static func time(of value: Value, _ entry: EntryContext) -> Date? {
        MetaTime.date(value["timestamp"]) ?? MetaTime.date(value["created_time"]) ?? entry.time
    }

    /// `comments` / `live_comments`: `{id | comment_id, text, from {id, username,
    /// self_ig_scoped_id}, media {id, media_product_type, ad_id, ad_title, original_media_id},
    /// parent_id}`.
    private mutating func comment(_ value: Value, kind: EventKind, entry: EntryContext, path: String) throws(ItemFailure) {
        guard case .object(let members) = value else {
            throw ItemFailure(path, "comment is \(value.typeName), not an object")
        }
        guard let account = entry.id else { throw ItemFailure(entry.path, "entry without id: no account for the comment") }
        guard let id = (members["id"] ?? members["comment_id"])?.idString else {
            throw ItemFailure(path, "comment without id")
        }
        let from = members["from"]?.objectMembers ?? [:]
        let selfScopedID = from["self_ig_scoped_id"]?.idString
        let username = string(from["username"], path: "\(path).from.username")
        let fromID = from["id"]?.idString
        // Meta marks the account's own comments with `self_ig_scoped_id`; `from.id` is then the
        // account, and either alone is enough to stop a rule answering itself. Comments on
        // ads have been captured with `from: {username}` and no id (issue 12, item 11); see
        // `Contact.usernameOnlyID(_:)` for the contact such a commenter becomes.
        guard
            let author = fromID ?? (selfScopedID != nil ? account : nil)
                ?? username.flatMap({ $0.isEmpty ? nil : Contact.usernameOnlyID($0) })
        else {
            throw ItemFailure(path, "comment without from.id or from.username")
        }
        let flags = ItemFlags(test: entry.isTest || Self.isMetaSampleComment(id: id, fromID: fromID))
        var fields = flags.baseFields(fromSelf: author == account || selfScopedID != nil)
        fields[EventField.commentID] = .string(id)
        var fromOut: [String: Value] = [:]
        if let fromID = fromID ?? (selfScopedID != nil ? account : nil) { fromOut["id"] = .string(fromID) }
        if let username { fromOut["username"] = .string(username) }
        if let selfScopedID { fromOut["self_ig_scoped_id"] = .string(selfScopedID) }
        fields[EventField.from] = .object(fromOut)
        if let media = media(members, path: path) { fields[EventField.media] = media }
        if let parent = members["parent_id"]?.idString { fields[EventField.parentID] = .string(parent) }
        let text = string(members["text"], path: "\(path).text")
        emit(
            Event(
                kind: kind, id: id, time: Self.time(of: value, entry) ?? receivedAt, account: account,
                contact: Contact(id: author, username: username), text: text, fields: fields))
    }

    /// The commented media. Ad fields sit in `media` in Meta's samples; some integrations see
    /// `ad_id` beside it, so that is read too.
    private mutating func media(_ comment: [String: Value], path: String) -> Value? {
        var out: [String: Value] = [:]
        let media = comment["media"]?.objectMembers ?? [:]
        if let given = comment["media"], given.objectMembers == nil, given != .null {
            report("\(path).media", "media is \(given.typeName), not an object; ignored")
        }
        for key in ["id", "media_product_type", "ad_id", "ad_title", "original_media_id"] {
            if let text = (media[key] ?? (key == "id" ? comment["media_id"] : comment[key]))?.idString {
                out[key] = .string(text)
            }
        }
        return out.isEmpty ? nil : .object(out)
    }

    /// `mentions {comment_id, media_id}`: only ids; who mentioned the account is not said, so
    /// the contact id is empty.
    private mutating func mention(_ value: Value, entry: EntryContext, path: String) throws(ItemFailure) {
        guard case .object(let members) = value else {
            throw ItemFailure(path, "mention is \(value.typeName), not an object")
        }
        guard let account = entry.id else { throw ItemFailure(entry.path, "entry without id: no account for the mention") }
        let commentID = members["comment_id"]?.idString
        let mediaID = members["media_id"]?.idString
        guard let id = commentID ?? mediaID else { throw ItemFailure(path, "mention without comment_id or media_id") }
        var fields = ItemFlags(test: entry.isTest).baseFields(fromSelf: false)
        if let commentID { fields[EventField.commentID] = .string(commentID) }
        if let mediaID { fields[EventField.media] = ["id": .string(mediaID)] }
        emit(
            Event(
                kind: .mention, id: id, time: Self.time(of: value, entry) ?? receivedAt, account: account,
                contact: Contact(id: ""), fields: fields))
    }
}
