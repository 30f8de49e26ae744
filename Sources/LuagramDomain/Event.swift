import Foundation

/// Something that happened on the account, as the rules receive it.
///
/// The common fields are typed; what only one kind has (a comment's media, a reaction's
/// emoji, a referral's ref) lives in `fields`, so the event can grow without breaking rules.
public struct Event: Sendable, Hashable {
    public var kind: EventKind
    /// Meta's id for the event (message id, comment id, …), unique per kind and account.
    public var id: String
    /// When Meta says it happened.
    public var time: Date
    /// The Instagram professional account the event belongs to.
    public var account: String
    public var contact: Contact
    public var text: String?
    /// Attachments as Meta describes them (type, url, …).
    public var attachments: [Value]
    /// The kind's own fields.
    public var fields: [String: Value]

    public init(
        kind: EventKind, id: String, time: Date, account: String, contact: Contact, text: String? = nil,
        attachments: [Value] = [], fields: [String: Value] = [:]
    ) {
        self.kind = kind
        self.id = id
        self.time = time
        self.account = account
        self.contact = contact
        self.text = text
        self.attachments = attachments
        self.fields = fields
    }
}
