import LuagramDomain
import Synchronization
import Testing

@Suite("Group commit")
struct GroupCommitTests {
    /// A write that holds its first call until `open` is called, and records what each call got.
    final class GatedWrite: Sendable {
        let calls = Mutex<[[Int]]>([])
        let gate = AsyncStream<Void>.makeStream()
        let started = AsyncStream<Void>.makeStream()

        func write(_ items: [Int]) async throws -> [String] {
            let first = calls.withLock { calls in
                calls.append(items)
                return calls.count == 1
            }
            if first {
                started.continuation.yield()
                for await _ in gate.stream { break }
            }
            if items.contains(-1) { throw Refusal() }
            return items.map { "#\($0)" }
        }

        func open() { gate.continuation.yield() }
    }

    struct Refusal: Error {}

    @Test("items handed in during a write go together in the next one, each answered with its own value")
    func itemsDuringAWriteShareTheNext() async throws {
        let gated = GatedWrite()
        let commit = GroupCommit<Int, String>(write: gated.write)
        let first = Task { try await commit.submit(0) }
        for await _ in gated.started.stream { break }
        let rest = (1...20).map { n in Task { try await commit.submit(n) } }
        while commit.received < 21 { await Task.yield() }
        #expect(commit.unanswered == 21)
        #expect(commit.queued == 20, "the first is being written, the others wait for the next write")
        gated.open()
        #expect(try await first.value == "#0")
        for (n, task) in zip(1..., rest) { #expect(try await task.value == "#\(n)") }
        #expect(commit.writeCount == 2)
        #expect(gated.calls.withLock { $0.map { $0.sorted() } } == [[0], Array(1...20)])
        #expect(commit.unanswered == 0)
    }

    @Test("a failed write fails every item in it, and the next write goes on")
    func aFailedWriteFailsItsItemsOnly() async throws {
        let gated = GatedWrite()
        let commit = GroupCommit<Int, String>(write: gated.write)
        let first = Task { try await commit.submit(0) }
        for await _ in gated.started.stream { break }
        let doomed = [Task { try await commit.submit(-1) }, Task { try await commit.submit(5) }]
        while commit.received < 3 { await Task.yield() }
        gated.open()
        #expect(try await first.value == "#0")
        for task in doomed { await #expect(throws: Refusal.self) { try await task.value } }
        #expect(try await commit.submit(7) == "#7")
    }

    @Test("a write answering the wrong number of values answers nobody wrongly")
    func aWrongCountIsAnError() async throws {
        let commit = GroupCommit<Int, String> { _ in [] }
        await #expect(throws: GroupCommitError(items: 1, answers: 0)) { try await commit.submit(1) }
    }
}
