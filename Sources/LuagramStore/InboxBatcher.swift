import GRDB
import LuagramDomain
import Synchronization

/// Group commit for the inbox: appends that arrive while a write is in flight are
/// written together by the next transaction.
///
/// The webhook path waits for its body to be on disk before answering Meta. One
/// transaction per request would cost one fsync each, serialized behind the single
/// writer; here a burst costs about one fsync per flush, and a lone request still goes
/// out at once (no timer, no added latency).
final class InboxBatcher: Sendable {
    private struct Waiting: Sendable {
        var body: InboxBody
        var continuation: CheckedContinuation<InboxID, any Error>
    }

    private struct State {
        var queue: [Waiting] = []
        var flushing = false
        var flushes = 0
        var received = 0
        /// Appends not answered yet: queued, or in the transaction being written.
        var unanswered = 0
    }

    private let writer: any DatabaseWriter
    private let state = Mutex(State())

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Transactions written so far.
    var flushCount: Int { state.withLock { $0.flushes } }

    /// Bodies handed in so far.
    var received: Int { state.withLock { $0.received } }

    /// Requests waiting for their body to be written: how far the request path is behind.
    var unanswered: Int { state.withLock { $0.unanswered } }

    func append(_ body: InboxBody) async throws -> InboxID {
        // Checked before joining: a refused body must not fail the others' transaction.
        guard !body.body.isEmpty else { throw StoreError.emptyInboxBody }
        return try await withCheckedThrowingContinuation { continuation in
            let leads = state.withLock { state in
                state.queue.append(Waiting(body: body, continuation: continuation))
                state.received += 1
                state.unanswered += 1
                if state.flushing { return false }
                state.flushing = true
                return true
            }
            if leads {
                Task { await self.drain() }
            }
        }
    }

    /// Writes what is queued, then what queued up meanwhile, until nothing is left.
    private func drain() async {
        while true {
            let batch = state.withLock { state in
                let batch = state.queue
                state.queue.removeAll()
                if batch.isEmpty { state.flushing = false } else { state.flushes += 1 }
                return batch
            }
            if batch.isEmpty { return }
            let bodies = batch.map(\.body)
            do {
                let ids = try await writer.write { db in try SQLiteStore.insertInbox(bodies, db) }
                state.withLock { $0.unanswered -= batch.count }
                for (waiting, id) in zip(batch, ids) { waiting.continuation.resume(returning: id) }
            } catch {
                state.withLock { $0.unanswered -= batch.count }
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
