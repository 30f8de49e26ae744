import Logging
import PostgresNIO

extension PostgresStore {
    /// The channel a stored webhook body is announced on.
    static let inboxChannel = "luagram_inbox"

    /// How long a webhook's append may take before Meta is answered 503 (and retries).
    static let appendDeadline: Duration = .seconds(5)

    /// Tells every node (LISTENing) that a body is stored; PostgreSQL sends it on commit,
    /// and folds the notifications of one transaction into one.
    func announceInbox(_ connection: PostgresConnection) async throws {
        try await connection.execute("SELECT pg_notify(\(Self.inboxChannel), '')", logger: logger)
    }

    /// Holds one connection LISTENing on the inbox channel for as long as the store runs,
    /// and rings the doorbell for every notification. When the connection is lost (the
    /// server restarted), it rings once — bodies may have come meanwhile — and listens again.
    static func listen(_ client: PostgresClient, ringing doorbell: Doorbell, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: inboxChannel) { notifications in
                        for try await _ in notifications { doorbell.ring() }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.debug("inbox notifications lost; listening again", metadata: ["error": "\(String(reflecting: error))"])
            }
            doorbell.ring()
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
