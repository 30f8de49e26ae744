import Logging
import PostgresNIO

extension PostgresStore {
    /// The channel a stored webhook body is announced on.
    static let inboxChannel = "luagram_inbox"

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
