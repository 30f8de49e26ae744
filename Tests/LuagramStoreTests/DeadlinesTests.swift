import Synchronization
import Testing

@testable import LuagramPostgres

@Suite("Deadlines on PostgreSQL work")
struct DeadlinesTests {
    @Test("work that never gets its connection is given up at the begin deadline, and may not begin later")
    func neverBegun() async throws {
        let begunLate = Mutex<Bool?>(nil)
        let started = ContinuousClock.now
        await #expect(throws: PostgresStoreError.self) {
            try await withDeadlines(begin: .milliseconds(100), total: .seconds(30)) { begin in
                await Self.sleepIgnoringCancellation(.milliseconds(400))
                begunLate.withLock { $0 = (try? begin()) != nil }
            }
        }
        #expect(ContinuousClock.now - started < .milliseconds(350))
        try await Task.sleep(for: .milliseconds(500))
        #expect(begunLate.withLock { $0 } == false)
    }

    @Test("work that began and never answers is left behind at the total deadline, though it ignores cancellation")
    func neverAnswered() async throws {
        let started = ContinuousClock.now
        await #expect(throws: PostgresStoreError.self) {
            try await withDeadlines(begin: .milliseconds(100), total: .milliseconds(300)) { begin in
                try begin()
                await Self.sleepIgnoringCancellation(.seconds(3))
            }
        }
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test("work within its deadlines gives its result, or its own error")
    func inTime() async throws {
        let answer = try await withDeadlines(begin: .seconds(5), total: .seconds(5)) { begin in
            try begin()
            return 42
        }
        #expect(answer == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await withDeadlines(begin: .seconds(5), total: nil) { _ in throw Refused() }
        }
    }

    /// A wait that cancellation does not cut short, like a statement on a dead connection.
    static func sleepIgnoringCancellation(_ duration: Duration) async {
        await Task.detached { try? await Task.sleep(for: duration) }.value
    }
}
