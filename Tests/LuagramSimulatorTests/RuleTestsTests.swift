import Foundation
import Logging
import LuagramRules
import LuagramSimulator
import LuagramTestSupport
import Testing

@Suite("Rule tests (luagram test)")
struct RuleTestsTests {
    static let rule = """
        on("message", function(ev)
          ev:reply("Hi!")
          ev:follow_up(23 * 3600, "Anything else?")
          ev:follow_up(25 * 3600, "Too late")
          if ev.text == "boom" then error("kaboom") end
        end)
        on("comment", function(ev) ev:private_reply("DM sent"); ev:private_reply("again") end)
        """

    static let tests = """
        test("replies, and follows up inside the window only", function(t)
          t:message{text = "hi"}
          t:expect_sends{ {text = "Hi!", messaging_type = "RESPONSE", recipient = "contact"} }
          t:expect_refused("automated_outside_24h", {action = "follow_up"})
          t:advance("23h")
          t:expect_sends{ {text = "Anything else?"} }
          t:advance("2d")
          t:expect_nothing_sent()
        end)
        test("one private reply per comment", function(t)
          t:comment{text = "link"}
          t:expect_sends{ {text = "DM sent", recipient = "comment"} }
          t:expect_refused("private_reply_already_sent")
        end)
        test("an agent after a day answers with HUMAN_AGENT", function(t)
          t:message{text = "hi"}
          t:advance("30h")
          t:agent_reply("Marta here")
          local sends = t:sends()
          assert(sends[#sends].tag == "HUMAN_AGENT", "expected the tag")
        end)
        test("a wrong expectation fails", function(t)
          t:message{text = "hi"}
          t:expect_sends{ {text = "Hello!"} }
        end)
        test("a rule error fails the test", function(t)
          t:message{text = "boom"}
        end)
        """

    func run(_ files: [(String, String)]) async throws -> [RuleTestResult] {
        let folder = try TemporaryFolder()
        for (name, text) in files { try folder.write(name, text) }
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        return try await RuleTests(folder: folder.path, options: RuleOptions(logger: quiet)).run { _ in }
    }

    @Test("passing tests pass, and a failure names the assertion's or the rule's file:line")
    func passAndFail() async throws {
        let results = try await run([("hello.lua", Self.rule), ("hello_test.lua", Self.tests)])
        #expect(results.map(\.passed) == [true, true, true, false, false], "\(results.map(\.report))")
        #expect(results[3].report.hasPrefix(#"FAIL  hello_test.lua:24: a wrong expectation fails: expect_sends: send 1: text expected "Hello!", got "Hi!""#))
        #expect(results[4].failure?.contains("a rule failed: hello.lua:5: kaboom") == true)
    }

    @Test("a test file that does not load is one failure with its file:line")
    func brokenFile() async throws {
        let results = try await run([("hello.lua", Self.rule), ("broken_test.lua", "test('x', function(t) end")])
        #expect(results.count == 1)
        #expect(results.first?.report.hasPrefix("FAIL  broken_test.lua:1: (file did not load): ") == true, "\(results)")
    }

    @Test("a recorded webhook replays at the virtual now")
    func replay() async throws {
        let ms = 1_700_000_000_000
        let body = #"{"object":"instagram","entry":[{"id":"17841400000000001","time":\#(ms),"messaging":[{"sender":{"id":"8450000000000001"},"recipient":{"id":"17841400000000001"},"timestamp":\#(ms),"message":{"mid":"m.recorded","text":"hi"}}]}]}"#
        let results = try await run([
            ("hello.lua", Self.rule), ("events/dm.json", body),
            ("replay_test.lua", #"test("replay", function(t) t:webhook("events/dm.json"); t:expect_sends{ {text = "Hi!"} } end)"#),
        ])
        #expect(results.map(\.passed) == [true], "\(results.map(\.report))")
    }
}
