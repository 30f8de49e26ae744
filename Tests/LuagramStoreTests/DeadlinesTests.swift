import Synchronization
import Testing

@testable import LuagramPostgres

@Suite("Deadlines on PostgreSQL work", .timeLimit(.minutes(1)))
struct DeadlinesTests {
    @Test("work that never gets its connection is given up at the begin deadline, and may not begin later")
    func neverBegun() async throws {
        let gate = Gate()
        let begunLate = Mutex<Bool?>(nil)
        // the gate opens only after the call has returned: only the deadline can end it
        await #expect(throws: PostgresStoreError.self) {
            try await withDeadlines(begin: .milliseconds(100), total: .seconds(600)) { begin in
                await gate.passed()
                begunLate.withLock { $0 = (try? begin()) != nil }
            }
        }
        gate.open()
        for _ in 0..<1000 where begunLate.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(begunLate.withLock { $0 } == false)
    }

    @Test(
        "work that began and never answers is left behind at the total deadline, though it ignores cancellation",
        arguments: [Duration.milliseconds(300), .milliseconds(100)])
    func neverAnswered(total: Duration) async throws {
        let gate = Gate()
        await #expect(throws: PostgresStoreError.self) {
            try await withDeadlines(begin: .milliseconds(100), total: total) { begin in
                try begin()
                await gate.passed()
            }
        }
        gate.open()
    }

    @Test("work within its deadlines gives its result, or its own error")
    func inTime() async throws {
        let answer = try await withDeadlines(begin: .seconds(600), total: .seconds(600)) { begin in
            try begin()
            return 42
        }
        #expect(answer == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await withDeadlines(begin: .seconds(600), total: nil) { _ in throw Refused() }
        }
    }
}

/// A wait that cancellation does not cut short, like a statement on a dead connection, until
/// the test opens it.
private final class Gate: Sendable {
    private let (stream, continuation) = AsyncStream<Void>.makeStream()

    func passed() async {
        let stream = stream
        await Task.detached {
            for await _ in stream { return }
        }.value
    }

    func open() { continuation.finish() }
}
