import Foundation
import LuagramDomain

/// The parts of a messaging item every kind needs.
struct MessagingItem {
    var members: [String: Value]
    var parties: Parties
    var time: Date
    var flags: ItemFlags
    var path: String

    var isSelf: Bool { members["is_self"]?.isTrue ?? false }

    func fields(fromSelf: Bool? = nil) -> [String: Value] {
        var fields = flags.baseFields(fromSelf: fromSelf ?? parties.fromSelf)
        if isSelf { fields[EventField.isSelf] = true }
        return fields
    }

    func event(_ kind: EventKind, id: String, text: String? = nil, attachments: [Value] = [], fields: [String: Value]) -> Event {
        Event(
            kind: kind, id: id, time: time, account: parties.account, contact: Contact(id: parties.contact), text: text,
            attachments: attachments, fields: fields)
    }

    /// `<contact>@<epoch ms>`, the start of ids for items Meta gives no id of their own.
    var contactAndTime: String { "\(parties.contact)@\(MetaTime.milliseconds(time))" }
}
