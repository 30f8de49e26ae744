import Foundation
import LuagramDomain
import LuagramLua
import LuagramRules
import LuagramTestSupport
import Testing

@Suite("Events as rules see them")
struct EventViewTests {
    static let referral: Value = .object(["ref": .string("summer"), "nested": .array([.string("one"), .string("two")])])

    static func event(id: String = "mid.1", text: String = "Hi", tags: [String] = [], attachments: Int = 2) -> Event {
        var contact = EventBuilder.contact()
        contact.tags = tags
        let items: [Value] = (1...max(1, attachments)).map { .object(["type": .string("image"), "payload": .object(["url": .string("https://a/\($0)")])]) }
        return EventBuilder.message(text, id: id, contact: contact, attachments: attachments == 0 ? [] : items, fields: ["referral": referral])
    }

    @Test("an event reads like a table: fields, nested tables, length, ipairs, pairs and type")
    func readsLikeATable() throws {
        let rules = try RuleSet([
            (
                "a.lua",
                """
                on('message', function(ev)
                  local keys = {}
                  for k in pairs(ev) do keys[#keys + 1] = k end
                  table.sort(keys)
                  local urls = {}
                  for i, a in ipairs(ev.attachments) do urls[i] = a.payload.url end
                  ev:reply(table.concat({type(ev), type(ev.contact), tostring(ev.contact == ev.contact), #ev.attachments,
                    table.concat(urls, ' '), table.concat(keys, ','), ev.referral.ref, ev.referral.nested[2],
                    tostring(ev.missing)}, '|'))
                end)
                """
            )
        ])
        let result = rules.dispatch(Self.event())
        #expect(result.failures.isEmpty, "\(result.failures.map(\.description))")
        #expect(
            result.replies == [
                "table|table|true|2|https://a/1 https://a/2|account,attachments,contact,id,kind,referral,text,time|summer|two|nil"
            ])
    }

    @Test("nothing in an event can be written, at any depth")
    func readOnlyAtAnyDepth() throws {
        let rules = try RuleSet([
            ("a.lua", "on('message', function(ev) ev.referral.ref = 'x' end)"),
            ("b.lua", "on('message', function(ev) ev.attachments[3] = 1 end)"),
            ("c.lua", "on('message', function(ev) rawset(ev.contact, 'name', 'x') end)"),
            ("d.lua", "on('message', function(ev) setmetatable(ev.referral, {}) end)"),
            ("e.lua", "on('message', function(ev) ev:reply(ev.referral.ref .. ' ' .. ev.contact.name) end)"),
        ])
        let result = rules.dispatch(Self.event())
        #expect(result.failures.count == 4)
        #expect(result.failures.first?.description.contains("attempt to modify read-only field 'ref'") == true)
        #expect(result.replies == ["summer Ana Sousa"])
    }

    @Test("an event kept from an earlier dispatch keeps its own fields and tags")
    func keptEventKeepsItsContent() throws {
        let rules = try RuleSet([
            (
                "a.lua",
                """
                on('message', function(ev)
                  if kept then ev:reply(kept.text .. '|' .. table.concat(kept.contact.tags, ',') .. '|' .. ev.text) end
                  kept = kept or ev
                end)
                """
            )
        ])
        _ = rules.dispatch(Self.event(id: "mid.1", text: "first", tags: ["a"]))
        #expect(rules.dispatch(Self.event(id: "mid.2", text: "second", tags: ["b"])).replies == ["first|a|second"])
    }

    @Test("a table from the event handed to the host is copied with its content")
    func viewsCrossToTheHost() throws {
        let rules = try RuleSet([("a.lua", "on('message', function(ev) ev.contact:set('ref', ev.referral) end)")])
        let result = rules.dispatch(Self.event())
        #expect(result.failures.isEmpty, "\(result.failures.map(\.description))")
        #expect(result.contact.values["ref"] == Self.referral)
    }

    @Test("the contact handed to the host carries the tags as the handlers left them")
    func contactCarriesLiveTags() throws {
        let rules = try RuleSet([
            ("a.lua", "on('message', function(ev) ev.contact:tag('lead') end)"),
            ("b.lua", "on('message', function(ev) ev.contact:set('seen_as', {tags = ev.contact.tags, whole = ev.contact}) end)"),
        ])
        let result = rules.dispatch(Self.event(tags: ["old"]))
        #expect(result.failures.isEmpty, "\(result.failures.map(\.description))")
        let seen = result.contact.values["seen_as"]
        #expect(seen?["tags"] == .array([.string("old"), .string("lead")]))
        #expect(seen?["whole"]?["tags"] == .array([.string("old"), .string("lead")]))
        #expect(seen?["whole"]?["name"] == .string("Ana Sousa"))
    }

    @Test("a long list in an event is walked in order and counted")
    func longLists() throws {
        let rules = try RuleSet([
            (
                "a.lua",
                "on('message', function(ev) local n = 0 for i, a in ipairs(ev.attachments) do assert(a.payload.url == 'https://a/' .. i) n = i end ev:reply(n .. '/' .. #ev.attachments) end)"
            )
        ])
        #expect(rules.dispatch(Self.event(attachments: 50)).replies == ["50/50"])
    }

    @Test("a file that keeps every event is charged for them; the other files keep working")
    func keptEventsAreCharged() throws {
        let options = RuleOptions(budgets: LuaBudgets(memoryBytes: 2 << 20, handlerTime: .milliseconds(200)))
        let rules = try RuleSet(
            [
                ("a_keeper.lua", "kept = {}\non('message', function(ev)\n  kept[#kept + 1] = ev\n  local _ = ev.text\nend)"),
                ("b_innocent.lua", "on('message', function(ev) ev:reply('ok') end)"),
            ], options: options)
        let text = String(repeating: "x", count: 300_000)
        var failures: [HandlerFailure] = []
        for round in 0..<12 {
            let result = rules.dispatch(Self.event(id: "mid.\(round)", text: text))
            #expect(result.replies == ["ok"])
            failures += result.failures
        }
        #expect(failures.contains { $0.error.kind == .memory && $0.handler.file == "a_keeper.lua" })
    }
}
