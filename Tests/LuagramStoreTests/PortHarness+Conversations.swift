import Foundation
import LuagramDomain

@testable import LuagramPostgres
@testable import LuagramStore

/// What the tests of events, contacts and the outbox use of a store: the three ports, and
/// the inspection both stores offer (the decision log, a table's row count).
protocol ConversationPorts: EventStore, ConversationStore, OutboxStore {
    func decisions(for key: EventKey) async throws -> [LoggedDecision]
    func count(_ table: String) async throws -> Int
    func accounts(ofContact contact: String) async throws -> [String]
    func nextOutboxAttempt() async throws -> Date?
}

extension SQLiteStore: ConversationPorts {}

extension PostgresStore: ConversationPorts {
    func count(_ table: String) async throws -> Int { try await rowCount(of: table) }
}

extension PortHarness {
    /// The store under test, whichever kind it is.
    var conversations: any ConversationPorts { sqlite ?? postgres! }
}

extension PortHarness {
    /// Runs `body` on a fresh store of `kind`, closing it (and dropping a PostgreSQL test
    /// schema) whether the body passes or throws.
    static func withConversations(_ kind: PortStoreKind, _ body: (any ConversationPorts) async throws -> Void) async throws {
        let harness = try await open(kind)
        do {
            try await body(harness.conversations)
        } catch {
            try? await harness.close()
            throw error
        }
        try await harness.close()
    }
}
