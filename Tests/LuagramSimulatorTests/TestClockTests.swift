import Testing

@Suite("The rule tests' clock")
struct TestClockTests {
    static let rule = """
        on("message", function(ev)
          ev.contact:set("now", now())
          ev.contact:set("event_time", ev.time)
        end)
        """

    @Test("it carries Meta's milliseconds: from the start, after t:at and t:advance, in now() and in the webhooks")
    func milliseconds() async throws {
        let tests = """
            local function fraction(x) return math.floor(x * 1000 + 0.5) % 1000 end
            test("fractional", function(t)
              assert(fraction(t:now()) == 123, "start " .. t:now())
              t:message{text = "hi"}
              t:expect_value("now", 1767607200.123)
              t:expect_value("event_time", 1767607200.123)
              t:advance("90m")
              assert(fraction(t:now()) == 123, "advance " .. t:now())
              t:at("2026-01-06T18:00:00Z")
              assert(fraction(t:now()) == 123, "whole ISO " .. t:now())
              t:message{text = "again"}
              t:expect_value("event_time", 1767722400.123)
              t:at("2026-01-06T18:00:01.5Z")
              assert(fraction(t:now()) == 500, "fractional ISO " .. t:now())
              t:at(1767722500)
              assert(fraction(t:now()) == 123, "whole seconds " .. t:now())
              t:at(1767722600.0005)
              assert(fraction(t:now()) == 1, "to the millisecond " .. t:now())
              t:advance(0.2504)
              assert(fraction(t:now()) == 251, "advance to the millisecond " .. t:now())
            end)
            """
        let results = try await RuleTestsTests().run([("clock.lua", Self.rule), ("clock_test.lua", tests)])
        #expect(results.map(\.passed) == [true], "\(results.map(\.report))")
    }
}
