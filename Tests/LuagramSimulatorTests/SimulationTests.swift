import Foundation
import LuagramDomain
import LuagramSimulator
import LuagramStore
import LuagramTestSupport
import Testing

@Suite("Simulation on a virtual clock")
struct SimulationTests {
    static let account = "17841400000000001"
    static let contact = "1284567890123456"
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static let rules = """
        on("message", function(ev)
          ev:reply("Thanks!")
          ev:follow_up(25 * 3600, "Still interested?")
          ev:follow_up(23 * 3600, "Anything else?")
        end)
        on("comment", function(ev) ev:private_reply("Sent you a DM") end)
        """

    static func dm(_ text: String, mid: String, at time: Date) -> String {
        let ms = Int(time.timeIntervalSince1970 * 1000)
        return #"{"object":"instagram","entry":[{"id":"\#(account)","time":\#(ms),"messaging":[{"sender":{"id":"\#(contact)"},"recipient":{"id":"\#(account)"},"timestamp":\#(ms),"message":{"mid":"\#(mid)","text":"\#(text)"}}]}]}"#
    }

    static func ms(_ date: Date) -> Int { Int(date.timeIntervalSince1970 * 1000) }

    func simulate(_ lines: [String], rules: String = Self.rules) async throws -> [Value] {
        let folder = try TemporaryFolder()
        try folder.write("rules.lua", rules)
        let simulation = try Simulation(rules: folder.path, store: try SQLiteStore.inMemory(), start: Self.t0)
        var out: [Value] = []
        for input in try SimulationInput.parse(Data(lines.joined(separator: "\n").utf8)) {
            let step = try await simulation.run(input)
            #expect(step.ruleFailures.isEmpty)
            out += step.decisions.map(\.json)
        }
        return out
    }

    @Test("a DM is answered at once, a follow-up due inside the window leaves at its due time, one due after it is refused")
    func followUpsAndTheWindow() async throws {
        let lines = try await simulate([
            Self.dm("hi", mid: "m1", at: Self.t0),
            Self.dm("hi", mid: "m1", at: Self.t0),  // redelivered: nothing twice
            #"{"tick": \#(Self.ms(Self.t0.addingTimeInterval(26 * 3600)))}"#,
        ])
        let summary = lines.map { "\($0["phase"]!.stringValue!) \($0["action"]!.stringValue!) \($0["verdict"]!.stringValue!) \($0["reason"]?.stringValue ?? "-")" }
        #expect(
            summary == [
                "decided reply send -", "decided follow_up refuse automated_outside_24h",
                "decided follow_up defer follow_up_scheduled", "due follow_up send -",
            ], "\(summary)")
        #expect(
            lines[0]["request"]
                == .object([
                    "recipient": .object(["id": .string(Self.contact)]), "messaging_type": .string("RESPONSE"),
                    "message": .object(["text": .string("Thanks!")]),
                ]))
        #expect(lines[0]["rule"] == .string("rules.lua:2") && lines[0]["origin"] == .string("rule") && lines[0]["event"] == .string("m1"))
        // the 23-hour follow-up leaves at its due time, not at the tick
        #expect(lines[3]["at"]?.stringValue == "2026-11-19T10:06:40.000Z")
        #expect(lines[3]["request"]?["message"]?["text"] == .string("Anything else?"))
        #expect(lines[1]["request"] == .null)
    }

    @Test("an image is planned as an attachment, and the line says it is checked only when serve sends it")
    func imagesAreNotProbed() async throws {
        let lines = try await simulate(
            [Self.dm("chart?", mid: "m1", at: Self.t0)],
            rules: #"on("message", function(ev) ev:reply({text = "Our chart", image = "https://cdn.example.com/chart.png"}) end)"#)
        #expect(lines.count == 1)
        guard case .array(let more)? = lines.first?["more_requests"] else {
            Issue.record("expected a second request: \(lines)")
            return
        }
        #expect(more.first?["message"]?["attachment"]?["type"] == .string("image"), "\(lines)")
        #expect(lines[0]["image_check"]?.stringValue?.contains("simulate makes no network calls") == true)
    }

    @Test("an agent answers with HUMAN_AGENT after 24 hours and is refused after 7 days")
    func agentSends() async throws {
        let lines = try await simulate([
            Self.dm("hi", mid: "m1", at: Self.t0),
            #"{"agent": {"contact": "\#(Self.contact)", "text": "Marta here", "at": \#(Self.ms(Self.t0.addingTimeInterval(30 * 3600))), "name": "marta"}}"#,
            #"{"agent": {"contact": "\#(Self.contact)", "text": "Hello?", "at": \#(Self.ms(Self.t0.addingTimeInterval(8 * 86400)))}}"#,
        ]).filter { $0["origin"] == .string("agent") }
        #expect(lines.count == 2)
        #expect(lines[0]["action"] == .string("agent_reply") && lines[0]["event"] == .null && lines[0]["rule"] == .null)
        #expect(lines[0]["messaging_type"] == .string("MESSAGE_TAG") && lines[0]["tag"] == .string("HUMAN_AGENT"))
        #expect(lines[0]["request"]?["tag"] == .string("HUMAN_AGENT"))
        #expect(lines[1]["verdict"] == .string("refuse") && lines[1]["reason"] == .string("outside_window"))
        #expect(lines[1]["request"] == .null)
    }

    @Test("a reply decided with a handoff in the same event still goes; a later follow-up does not")
    func replyThenHandoff() async throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "handoff.lua",
            """
            on("message", function(ev)
              ev:reply("Sure, a person will answer here.")
              ev:handoff("asked for a person")
              ev:follow_up(3600, "Still there?")
            end)
            """)
        let simulation = try Simulation(rules: folder.path, store: try SQLiteStore.inMemory(), start: Self.t0)
        _ = try await simulation.receive(Data(Self.dm("a human please", mid: "m1", at: Self.t0).utf8))
        _ = try await simulation.advance(to: Self.t0.addingTimeInterval(7200))
        #expect(simulation.recorder.recorded.map(\.message.text) == ["Sure, a person will answer here."])
    }

    @Test("a body with more events than a sender round takes gets every reply out, paced at 100 a second")
    func largeBody() async throws {
        let folder = try TemporaryFolder()
        try folder.write("reply.lua", #"on("message", function(ev) ev:reply("Thanks!") end)"#)
        let simulation = try Simulation(rules: folder.path, store: try SQLiteStore.inMemory(), start: Self.t0)
        let ms = Self.ms(Self.t0)
        let items = (1...250).map { n in
            #"{"sender":{"id":"\#(9_000_000 + n)"},"recipient":{"id":"\#(Self.account)"},"timestamp":\#(ms),"message":{"mid":"m\#(n)","text":"hi"}}"#
        }
        let body = #"{"object":"instagram","entry":[{"id":"\#(Self.account)","time":\#(ms),"messaging":[\#(items.joined(separator: ","))]}]}"#
        let step = try await simulation.receive(Data(body.utf8))
        #expect(step.events.count == 250)
        #expect(simulation.recorder.recorded.count == 100)  // Meta's 100 text messages a second
        _ = try await simulation.advance(to: Self.t0.addingTimeInterval(1))
        #expect(simulation.recorder.recorded.count == 200)
        _ = try await simulation.advance(to: Self.t0.addingTimeInterval(2))
        #expect(simulation.recorder.recorded.count == 250)
    }

    @Test("input that is neither a webhook, an agent send nor a tick is refused with its line number")
    func badInput() {
        #expect(throws: SimulationInputError.self) { try SimulationInput.parse(Data("{\"tick\": 1}\n{\"what\": 2}\n".utf8)) }
        do {
            _ = try SimulationInput.parse(Data("{\"tick\": 1}\n\n{\"what\": 2}\n".utf8))
        } catch {
            #expect(error.message.hasPrefix("line 3: "))
        }
    }
}
