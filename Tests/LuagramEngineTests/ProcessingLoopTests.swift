import Foundation
import LuagramApp
import LuagramDomain
@testable import LuagramEngine
import LuagramInstagram
import LuagramRules
import LuagramStore
import LuagramTestSupport
import Synchronization
import Testing

@Suite("The processing loop")
struct ProcessingLoopTests {
    /// Appends each message's text to the contact's `seq`, and notes which VM handled it.
    static let recorder = """
        local vm = tostring({})
        on("message", function(ev)
          ev.contact:set("seq", (ev.contact:get("seq") or "") .. ev.text .. ",")
          ev.contact:set("vm", vm)
        end)
        """

    @Test("while webhook requests wait to be stored, processing holds off four times its round: acknowledgements first")
    func burstsComeFirst() {
        let round = Duration.milliseconds(30)
        #expect(ProcessingLoop.pause(after: round, appendsWaiting: 8, behind: 8) == .milliseconds(120))
        #expect(ProcessingLoop.pause(after: round, appendsWaiting: 7, behind: 8) == .zero)
        #expect(ProcessingLoop.pause(after: round, appendsWaiting: 0, behind: 8) == .zero)
    }

    @Test("several workers keep each contact's events in order, one at a time, and share the contacts")
    func workersKeepPerContactOrder() async throws {
        let store = try SQLiteStore.inMemory()
        let folder = try TemporaryFolder()
        try folder.write("recorder.lua", Self.recorder)
        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_000_000))
        let contacts = (1...12).map { "12845678901234\($0 + 10)" }
        let perContact = 15
        // interleaved bodies, some holding two contacts' events; timestamps rise with n
        for n in 1...perContact {
            for pair in stride(from: 0, to: contacts.count, by: 2) {
                let items = [contacts[pair], contacts[pair + 1]].map { Self.item(from: $0, n: n, at: clock.now) }
                _ = try await store.appendToInbox(Self.body(items, at: clock.now), receivedAt: clock.now)
            }
        }

        var loop = ProcessingLoop(clock: clock, idleDelay: .milliseconds(5))
        loop.batchSize = 7
        let path = folder.path
        let running = Task { [loop] in
            try await loop.run(workers: 3) { _ in
                let runtime = try RuleRuntime(folder: path, now: clock.now)
                return ProcessorFactory.make(store: store, rules: runtime)
            }
        }
        let bodies = perContact * contacts.count / 2
        for _ in 0..<500 where try await store.inboxCounts()[.done] ?? 0 < bodies {
            try await Task.sleep(for: .milliseconds(10))
        }
        running.cancel()
        try await running.value

        #expect(try await store.inboxCounts() == [.done: bodies])
        let expected = (1...perContact).map { "\($0)," }.joined()
        var machines: Set<String> = []
        for contact in contacts {
            let state = try await store.contactState(account: Pipeline.account, contact: contact)
            #expect(state.contact.values["seq"]?.stringValue == expected, "contact \(contact)")
            if let vm = state.contact.values["vm"]?.stringValue { machines.insert(vm) }
        }
        #expect(machines.count > 1, "all contacts went to one worker")
    }

    @Test("a batch the database failed to hand back is written again before the next claim, so no later body overtakes it")
    func unsettledBatchIsNotOvertaken() async throws {
        let store = try SQLiteStore.inMemory()
        let stumbling = StumblingStore(store)
        let folder = try TemporaryFolder()
        try folder.write("recorder.lua", Self.recorder)
        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_000_000))
        let contact = "1284567890123499"
        for n in 1...2 {
            _ = try await store.appendToInbox(Self.body([Self.item(from: contact, n: n, at: clock.now)], at: clock.now), receivedAt: clock.now)
        }

        var loop = ProcessingLoop(clock: clock, idleDelay: .milliseconds(5))
        loop.batchSize = 1
        let path = folder.path
        let running = Task { [loop] in
            try await loop.run(workers: 1) { _ in
                // the clock stands still: a body left leased would never be claimed again
                InboxProcessor(
                    inbox: stumbling, events: stumbling, conversations: store, rules: try RuleRuntime(folder: path, now: clock.now),
                    decode: WebhookDecoder.decodeBody)
            }
        }
        for _ in 0..<800 where try await store.inboxCounts()[.done] ?? 0 < 2 {
            try await Task.sleep(for: .milliseconds(10))
        }
        running.cancel()
        try await running.value

        #expect(stumbling.failuresLeft == 0)
        #expect(try await store.inboxCounts() == [.done: 2])
        let state = try await store.contactState(account: Pipeline.account, contact: contact)
        #expect(state.contact.values["seq"]?.stringValue == "1,2,")
    }

    static func item(from contact: String, n: Int, at time: Date) -> String {
        let ms = Int(time.timeIntervalSince1970 * 1000) + n
        return #"{"sender":{"id":"\#(contact)"},"recipient":{"id":"\#(Pipeline.account)"},"timestamp":\#(ms),"message":{"mid":"m-\#(contact)-\#(n)","text":"\#(n)"}}"#
    }

    static func body(_ items: [String], at time: Date) -> Data {
        let ms = Int(time.timeIntervalSince1970 * 1000)
        return Data(
            #"{"object":"instagram","entry":[{"id":"\#(Pipeline.account)","time":\#(ms),"messaging":[\#(items.joined(separator: ","))]}]}"#
                .utf8)
    }
}

/// A store whose first commit fails, and whose first hand-back after it fails too: the
/// database failing twice in a row under one batch.
private final class StumblingStore: InboxStore, EventStore {
    struct Stumble: Error {}
    let store: SQLiteStore
    private let failures = Mutex((commit: 1, release: 1))

    init(_ store: SQLiteStore) { self.store = store }

    var failuresLeft: Int { failures.withLock { $0.commit + $0.release } }

    private func stumble(_ which: WritableKeyPath<(commit: Int, release: Int), Int>) throws {
        let fails = failures.withLock { counts in
            guard counts[keyPath: which] > 0 else { return false }
            counts[keyPath: which] -= 1
            return true
        }
        if fails { throw Stumble() }
    }

    func commit(_ outcomes: [EventOutcome]) async throws -> [CommitResult] {
        try stumble(\.commit)
        return try await store.commit(outcomes)
    }

    func releaseInbox(_ ids: [InboxID], after error: any Error, at time: Date) async throws {
        try stumble(\.release)
        try await store.releaseInbox(ids, after: error, at: time)
    }

    func processedKeys(among keys: [EventKey]) async throws -> Set<EventKey> { try await store.processedKeys(among: keys) }
    func appendToInbox(_ body: Data, receivedAt: Date) async throws -> InboxID {
        try await store.appendToInbox(body, receivedAt: receivedAt)
    }
    func appendToInbox(_ bodies: [InboxBody]) async throws -> [InboxID] { try await store.appendToInbox(bodies) }
    func claimInbox(limit: Int, now: Date, leaseUntil: Date, maxAttempts: Int) async throws -> InboxClaim {
        try await store.claimInbox(limit: limit, now: now, leaseUntil: leaseUntil, maxAttempts: maxAttempts)
    }
    func releaseInboxLeases(at time: Date) async throws -> Int { try await store.releaseInboxLeases(at: time) }
    func quarantinedInbox(limit: Int) async throws -> [QuarantinedBody] { try await store.quarantinedInbox(limit: limit) }
    func retryQuarantined(_ ids: [InboxID]?, at time: Date) async throws -> [InboxID] {
        try await store.retryQuarantined(ids, at: time)
    }
    func markInboxDone(_ ids: [InboxID], at time: Date) async throws { try await store.markInboxDone(ids, at: time) }
    func markInboxRejected(_ id: InboxID, error: String, at time: Date) async throws {
        try await store.markInboxRejected(id, error: error, at: time)
    }
    func eraseUnsentMessage(mid: String, at time: Date) async throws -> Int { try await store.eraseUnsentMessage(mid: mid, at: time) }
    func inboxRow(_ id: InboxID) async throws -> InboxRow? { try await store.inboxRow(id) }
    func inboxCounts() async throws -> [InboxState: Int] { try await store.inboxCounts() }
}
