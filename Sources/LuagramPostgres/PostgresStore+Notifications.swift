import Logging
import PostgresNIO

extension PostgresStore {
    /// The channel a stored webhook body is announced on (`insertInbox`), so every node
    /// LISTENing wakes; PostgreSQL sends it on commit, one per transaction.
    static let inboxChannel = "luagram_inbox"
    /// The channel a committed send is announced on (by `luagram_commit`): the node holding
    /// the account's slot wakes its sender.
    static let outboxChannel = "luagram_outbox"

    /// How long a webhook's append may take before Meta is answered 503 (and retries).
    static let appendDeadline: Duration = .seconds(5)

    /// How long any other work may wait for its connection: long enough for a busy pool to
    /// hand one over, short enough that a loop whose request went unanswered asks again soon.
    static let beginDeadline: Duration = .seconds(10)

    /// How long any other work may take in all: far more than a batch's transaction takes,
    /// so only a statement that will never be answered reaches it.
    static let operationDeadline: Duration = .seconds(30)

    /// Holds one connection LISTENing on `channel` for as long as the store runs, and rings
    /// the doorbell for every notification. When the connection is lost (the server
    /// restarted), it rings once — work may have come meanwhile — and listens again.
    static func listen(_ client: PostgresClient, on channel: String, ringing doorbell: Doorbell, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await withDeadlines(begin: beginDeadline, total: nil) { begin in
                    try await client.withConnection { connection in
                        try begin()
                        try await connection.listen(on: channel) { notifications in
                            for try await _ in notifications { doorbell.ring() }
                        }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.debug("inbox notifications lost; listening again", metadata: ["error": "\(PostgresFailure.reporting(error))"])
            }
            doorbell.ring()
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
