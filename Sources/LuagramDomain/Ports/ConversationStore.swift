import Foundation

/// Contacts, their conversation state and the message history, with the statuses
/// Meta reports after a message went out.
public protocol ConversationStore: Sendable {
    /// The stored contact and conversation of each contact (of one or more accounts) in one
    /// read; a fresh `ContactState` (version 0) for a contact never seen.
    func contactStates(_ contacts: [ContactKey]) async throws -> [ContactKey: ContactState]

    /// The latest `limit` messages of a conversation, in both directions, oldest first.
    func messages(account: String, contact: String, limit: Int) async throws -> [StoredMessage]

    /// A message by Meta's id.
    func message(mid: String) async throws -> StoredMessage?

    /// Meta echoed a message Luagram sent: it reached Instagram. Moves `sent` to
    /// `delivered`, never backwards; false if no sent message has this id.
    @discardableResult
    func markDelivered(mid: String, at time: Date) async throws -> Bool

    /// The outgoing messages to a contact that may be at Meta without their id being on
    /// record: parts of rows being sent right now, or tried without an answer (a time-out,
    /// a process that died mid-call), among the conversation's latest messages. An echo
    /// that carries one of them is Luagram's own, whichever process sent it.
    func unconfirmedOutgoing(account: String, contact: String) async throws -> [StoredMessage]

    /// The contact read the conversation up to `mark`: that outgoing message and every
    /// earlier one becomes `read`. Returns how many messages changed.
    /// Meta refused a send because another app holds the contact's thread (100/2534037):
    /// the conversation is noted in standby as of `time`, unless a newer webhook said who
    /// holds it. Bumps the contact's version, so a processor working on an older state
    /// runs again instead of overwriting it.
    func noteThreadInStandby(account: String, contact: String, at time: Date) async throws

    @discardableResult
    func markRead(account: String, contact: String, upTo mark: ReadMark, at time: Date) async throws -> Int

    /// The media a comment was made on, if the comment is known.
    func mediaOfComment(_ comment: String, account: String) async throws -> String?
}

extension ConversationStore {
    /// The stored contact and conversation; a fresh `ContactState` (version 0) for a contact
    /// never seen.
    public func contactState(account: String, contact: String) async throws -> ContactState {
        let key = ContactKey(account: account, contact: contact)
        return try await contactStates([key])[key] ?? ContactState(account: account, contact: Contact(id: contact))
    }
}
