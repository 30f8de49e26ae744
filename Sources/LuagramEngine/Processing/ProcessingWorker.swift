import Foundation
import LuagramDomain

/// The dispatcher's handle on one worker task: jobs go in through the stream, answers come
/// back through each job's continuation. The worker's `InboxProcessor` lives only in its
/// task, which is why it is reached this way and not shared.
struct ProcessingWorker: Sendable {
    enum Job: Sendable {
        case reader(CheckedContinuation<InboxReader, any Error>)
        case process([Event], now: Date, CheckedContinuation<ProcessingReport, any Error>)
        case reload(force: Bool, now: Date, CheckedContinuation<String?, any Error>)
    }

    let feed: AsyncStream<Job>.Continuation

    /// The worker's body: makes the processor, then answers jobs until the stream ends.
    /// A processor that cannot be made fails every job sent to it, and the loop with them.
    static func serve(_ jobs: AsyncStream<Job>, make: @Sendable () throws -> InboxProcessor) async throws {
        let made = Result { try make() }
        for await job in jobs {
            switch job {
            case .reader(let answer):
                answer.resume(with: made.map(\.reader))
            case .process(let events, let now, let answer):
                do {
                    answer.resume(returning: try await made.get().process(events, at: now))
                } catch {
                    answer.resume(throwing: error)
                }
            case .reload(let force, let now, let answer):
                answer.resume(with: made.map { $0.reloadRules(force: force, now: now) })
            }
        }
        _ = try made.get()
    }

    func reader() async throws -> InboxReader {
        try await withCheckedThrowingContinuation { send(.reader($0), or: $0) }
    }

    func process(_ events: [Event], now: Date) async throws -> ProcessingReport {
        try await withCheckedThrowingContinuation { send(.process(events, now: now, $0), or: $0) }
    }

    func reload(force: Bool, now: Date) async throws -> String? {
        try await withCheckedThrowingContinuation { send(.reload(force: force, now: now, $0), or: $0) }
    }

    /// A job for a worker that has stopped is answered at once, or its caller would wait forever.
    private func send<T>(_ job: Job, or answer: CheckedContinuation<T, any Error>) {
        if case .terminated = feed.yield(job) { answer.resume(throwing: CancellationError()) }
    }

    func stop() { feed.finish() }
}
