/// Appends webhook bodies to the inbox in batches: while one batch is being written (one
/// transaction, one fsync), the bodies arriving meanwhile wait together for the next one.
/// Each `append` returns only once its body is durably stored, so a request is
/// acknowledged after its body is safe, without paying one fsync per request.
public actor GroupCommitInbox {
    /// Stores a batch in one transaction; throws if nothing of it was stored.
    public typealias Write = @Sendable ([ReceivedWebhook]) async throws -> Void

    private let write: Write
    private let maximumBatch: Int
    private var pending: [(webhook: ReceivedWebhook, waiter: CheckedContinuation<Void, any Error>)] = []
    private var flushing = false

    public init(maximumBatch: Int = 256, write: @escaping Write) {
        self.write = write
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Returns once the body is stored; throws when the write failed (the caller answers
    /// 5xx so that Meta delivers it again).
    public func append(_ webhook: ReceivedWebhook) async throws {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
            pending.append((webhook, waiter))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            do {
                try await write(batch.map(\.webhook))
                for entry in batch { entry.waiter.resume() }
            } catch {
                for entry in batch { entry.waiter.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
