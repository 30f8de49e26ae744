import Synchronization

/// Group commit: items handed in while a write is in flight are written together by the
/// next write. The stores' inbox appends use it.
///
/// The webhook path waits for its body to be committed before answering Meta. One
/// transaction per request costs one commit each (an fsync for SQLite, four round trips
/// and a WAL flush for PostgreSQL); here a burst costs about one per write, and a lone
/// request still goes out at once (no timer, no added latency). One write at a time.
public final class GroupCommit<Item: Sendable, Answer: Sendable>: Sendable {
    /// Writes the items, all or none, and answers one value per item, in order.
    public typealias Write = @Sendable ([Item]) async throws -> [Answer]

    private struct Waiting: Sendable {
        var item: Item
        var continuation: CheckedContinuation<Answer, any Error>
    }

    private struct State {
        var queue: [Waiting] = []
        var writing = false
        var writes = 0
        var received = 0
        /// Items not answered yet: queued, or in the write under way.
        var unanswered = 0
    }

    private let write: Write
    private let state = Mutex(State())

    public init(write: @escaping Write) {
        self.write = write
    }

    /// Writes so far.
    public var writeCount: Int { state.withLock { $0.writes } }

    /// Items handed in so far.
    public var received: Int { state.withLock { $0.received } }

    /// Callers waiting for their item to be written: how far the request path is behind.
    public var unanswered: Int { state.withLock { $0.unanswered } }

    /// Callers waiting for a write to begin: those that came during the write under way.
    public var queued: Int { state.withLock { $0.queue.count } }

    /// Waits until the item is written with whatever else was queued meanwhile; a failed
    /// write fails every item in it. Check items before: one the write refuses fails the
    /// others written with it.
    public func submit(_ item: Item) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            let leads = state.withLock { state in
                state.queue.append(Waiting(item: item, continuation: continuation))
                state.received += 1
                state.unanswered += 1
                if state.writing { return false }
                state.writing = true
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
                if batch.isEmpty { state.writing = false } else { state.writes += 1 }
                return batch
            }
            if batch.isEmpty { return }
            let answers: [Answer]
            do {
                answers = try await write(batch.map(\.item))
            } catch {
                state.withLock { $0.unanswered -= batch.count }
                for waiting in batch { waiting.continuation.resume(throwing: error) }
                continue
            }
            state.withLock { $0.unanswered -= batch.count }
            guard answers.count == batch.count else {
                let error = GroupCommitError(items: batch.count, answers: answers.count)
                for waiting in batch { waiting.continuation.resume(throwing: error) }
                continue
            }
            for (waiting, answer) in zip(batch, answers) { waiting.continuation.resume(returning: answer) }
        }
    }
}

/// A write answered a different number of values than it was given items: a bug in the
/// write, reported to every caller rather than answering anyone wrongly.
public struct GroupCommitError: Error, Sendable, Hashable {
    public var items: Int
    public var answers: Int

    public init(items: Int, answers: Int) {
        self.items = items
        self.answers = answers
    }
}
