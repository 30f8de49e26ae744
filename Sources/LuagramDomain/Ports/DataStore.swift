import Foundation

/// One database holding everything: what `serve`, the commands and the simulator open from
/// `--db`. SQLite (a file, the default) and PostgreSQL (a `postgres://` URL, for several
/// nodes) are the two.
public protocol DataStore: InboxStore, EventStore, ConversationStore, OutboxStore, RateStateStore, AccountStore {
    /// The accounts a contact has written to, for commands given only the contact.
    func accounts(ofContact contact: String) async throws -> [String]

    /// When the earliest pending send is due, if any: the simulator steps its clock to it.
    func nextOutboxAttempt() async throws -> Date?

    /// Webhook bodies handed to the store and not yet answered: processing yields to them.
    var inboxAppendsWaiting: Int { get }

    /// Lets go of files or connections; the store cannot be used afterwards.
    func close() async throws
}
