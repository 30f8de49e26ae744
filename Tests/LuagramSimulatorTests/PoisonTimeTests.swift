import Foundation
import LuagramDomain
import LuagramSimulator
import LuagramTestSupport
import Testing

@Suite("Huge and odd times in simulate and rule tests")
struct PoisonTimeTests {
    @Test("an agent send or a tick far past the year 9999 is refused with its line, not a trap", arguments: [
        #"{"agent": {"contact": "1", "text": "hi", "at": 1e300}}"#, #"{"tick": 1e300}"#, #"{"tick": -5}"#,
        #"{"agent": {"contact": "1", "text": "hi", "at": 9223372036854775807}}"#,
    ])
    func hugeInputTimes(line: String) throws {
        #expect {
            try SimulationInput.parse(Data(("{\"tick\": 1}\n" + line + "\n").utf8))
        } throws: { error in
            let message = (error as? SimulationInputError)?.message ?? ""
            return message.hasPrefix("line 2: a time must be milliseconds since 1970, up to 9999-12-31")
        }
    }

    @Test("t:at and t:advance past the year 9999 fail the test with a clear message, and the next test still runs", arguments: [
        "t:at(1e13)", "t:at(1e16)", "t:at(1e300)", "t:at(0/0)", "t:advance(1e300)", "t:advance(\"99999999d\")",
    ])
    func hugeTestTimes(call: String) async throws {
        let tests = """
            test("huge", function(t) \(call) end)
            test("after it", function(t) t:message{text = "hi"}; t:expect_sends{ {text = "Hi!"} } end)
            """
        let results = try await RuleTestsTests().run([("hello.lua", RuleTestsTests.rule), ("huge_test.lua", tests)])
        #expect(results.map(\.passed) == [false, true], "\(results.map(\.report))")
        let failure = results.first?.failure ?? ""
        #expect(failure.contains("9999-12-31") || failure.contains("give a duration"), "\(failure)")
    }

    @Test("times stored or turned into ids never trap, however far out")
    func conversionsSaturate() {
        #expect(MetaTime.milliseconds(Date(timeIntervalSince1970: 1e300)) == 9_200_000_000_000_000_000)
        #expect(MetaTime.microseconds(Date(timeIntervalSince1970: -1e300)) == -9_200_000_000_000_000_000)
        #expect(MetaTime.microseconds(Date(timeIntervalSince1970: .nan)) == 0)
        #expect(MetaTime.microseconds(Date(timeIntervalSince1970: 1.5)) == 1_500_000)
        #expect(!MetaTime.isSupported(Date(timeIntervalSince1970: 1e13)))
        #expect(MetaTime.isSupported(Date(timeIntervalSince1970: 1_795_000_000.123)))
    }

    @Test("webhook timestamps of 1e300, -1 or NaN-like text decode without a time, not a trap")
    func hugeWebhookTimes() {
        for stamp in ["1e300", "-1", "\"nan\"", "\"1e999\"", "9223372036854775807", "1.7976931348623157e308"] {
            #expect(MetaTime.date(try? JSONText.parse(Data(stamp.utf8))) == nil, "\(stamp)")
        }
    }
}
