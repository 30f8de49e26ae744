import Foundation
import LuagramApp
import LuagramDomain
@testable import LuagramEngine
import LuagramInstagram
import LuagramRules
import LuagramStore
import LuagramTestSupport
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
