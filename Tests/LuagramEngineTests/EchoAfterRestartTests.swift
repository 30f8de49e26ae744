import Foundation
import LuagramDomain
import LuagramEngine
import LuagramStore
import Testing

@Suite("Echoes of sends whose answer was lost")
struct EchoAfterRestartTests {
    static let reply = "Noted, we answer within the hour"

    static func echo(_ text: String, mid: String, at time: Date) -> Data {
        let ms = Int(time.timeIntervalSince1970 * 1000)
        return Data(
            #"{"object":"instagram","entry":[{"id":"\#(Pipeline.account)","time":\#(ms),"messaging":[{"sender":{"id":"\#(Pipeline.account)"},"recipient":{"id":"\#(Pipeline.contact)"},"timestamp":\#(ms),"message":{"mid":"\#(mid)","text":"\#(text)","is_echo":true}}]}]}"#
                .utf8)
    }

    @Test("after a restart, the echo of a reply whose answer never came is Luagram's own; a person's echo still pauses")
    func echoOfUnconfirmedSend() async throws {
        let p = try Pipeline(rules: [("reply.lua", #"on("message", function(ev) ev:reply("\#(Self.reply)") end)"#)])
        try await p.receive(Pipeline.dm("hi", mid: "m-hi", at: p.clock.now))
        try await p.processor.processPending(now: p.clock.now)
        // the process claimed the row, posted it and died before Meta's answer
        #expect(try await p.store.claimDueOutbox(limit: 10, now: p.clock.now).count == 1)
        #expect(try await p.store.requeueInterrupted(at: p.clock.now, posted: nil) == 1)

        // Meta's echo, processed before the new sender asks Meta about the row
        try await p.receive(Self.echo(Self.reply, mid: "m-ours", at: p.clock.now))
        try await p.processor.processPending(now: p.clock.now)
        let state = try await p.store.contactState(account: Pipeline.account, contact: Pipeline.contact)
        #expect(state.conversation.handoff == nil)

        try await p.receive(Self.echo("One moment, checking", mid: "m-person", at: p.clock.now))
        try await p.processor.processPending(now: p.clock.now)
        let paused = try await p.store.contactState(account: Pipeline.account, contact: Pipeline.contact)
        #expect(paused.conversation.handoff?.reason == "a person answered from the Instagram app")
    }
}
