import Foundation
import LuagramDomain
import LuagramLua
import LuagramRules
import LuagramStore

/// The events a test makes arrive and the clock it moves: each runs the pipeline to its end.
extension TestContext {
    func event(
        _ call: LuaCall, _ build: (inout TestWebhooks, TestWebhooks.Fields, Date) -> (id: String, body: Data)
    ) throws -> [LuaValue] {
        let fields = try Self.fields(call.argument(2))
        let (id, body) = build(&webhooks, fields, simulation.clock.now)
        try perform { try await $0.receive(body) }
        return [.string(id)]
    }

    func webhook(_ call: LuaCall) throws -> [LuaValue] {
        guard let path = try call.argument(2).stringValue else { throw LuaCallError("webhook: give the path of a recorded webhook file") }
        let file: String
        do {
            file = try readable.confine(path, relativeTo: folder)
        } catch {
            throw LuaCallError("webhook: \(error)")
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw LuaCallError("webhook: cannot read \(path)") }
        let body = try WebhookRetiming.retimed(data, to: simulation.clock.now)
        let step = try perform { try await $0.receive(body) }
        return [step.events.first.map(LuaValue.string) ?? .nil]
    }

    func advance(_ call: LuaCall) throws -> [LuaValue] {
        let argument = try call.argument(2)
        guard let seconds = argument.numberValue ?? argument.stringValue.flatMap(TestDuration.seconds), seconds >= 0 else {
            throw LuaCallError(#"advance: give a duration such as "25h", "30m", "1d2h" or a number of seconds"#)
        }
        let target = Self.wholeMilliseconds(simulation.clock.now.addingTimeInterval(seconds))
        guard MetaTime.isSupported(target) else {
            throw LuaCallError("advance: \(argument.numberValue.map { "\($0) s" } ?? argument.stringValue ?? "") goes past 9999-12-31")
        }
        try perform { try await $0.advance(to: target) }
        return []
    }

    func at(_ call: LuaCall) throws -> [LuaValue] {
        let argument = try call.argument(2)
        let time: Date? =
            if let seconds = argument.numberValue { Self.landing(seconds) } else { argument.stringValue.flatMap(Self.time(iso:)) }
        guard let time else { throw LuaCallError("at: give an ISO-8601 time (2026-01-05T18:30:00Z) or epoch seconds") }
        guard MetaTime.isSupported(time) else {
            throw LuaCallError("at: \(time.timeIntervalSince1970) s since 1970 is not a time: give one from 1970 to 9999-12-31")
        }
        guard time >= simulation.clock.now else { throw LuaCallError("at: the clock never goes back") }
        try perform { try await $0.advance(to: time) }
        return []
    }

    func agentReply(_ call: LuaCall) throws -> [LuaValue] {
        guard let text = try call.argument(2).stringValue else { throw LuaCallError("agent_reply: give the message text") }
        let options = try Self.fields(call.argument(3))
        let contact = options["contact"]?.stringValue ?? Self.contact
        let agent = options["agent"]?.stringValue ?? "agent"
        try perform { try await $0.agentSend(text, to: contact, account: Self.account, agent: agent) }
        return [.string(decisions.last?.verdict ?? "")]
    }

    /// Runs pipeline work to its end; a rule that failed fails the test with its `file:line`.
    @discardableResult
    func perform(_ work: @escaping @Sendable (Simulation) async throws -> Simulation.Step) throws -> Simulation.Step {
        let handed = Handed(value: simulation)
        let step = try blocking { try await work(handed.value) }
        decisions += step.decisions
        if let failure = step.ruleFailures.first { throw LuaCallError("a rule failed: \(failure)") }
        if let rejected = step.rejected.first { throw LuaCallError("the webhook was not processed: \(rejected)") }
        return step
    }


    /// A time to millisecond precision, as Meta's timestamps have it.
    static func wholeMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Epoch seconds given to `t:at`: a whole second lands `subsecond` past it (a real
    /// webhook is never on the second), anything else to the millisecond.
    static func landing(_ seconds: Double) -> Date {
        guard seconds.isFinite else { return Date(timeIntervalSince1970: seconds) }
        return wholeMilliseconds(Date(timeIntervalSince1970: seconds == seconds.rounded() ? seconds + subsecond : seconds))
    }

    /// An ISO-8601 time given to `t:at`, with or without fractional seconds.
    static func time(iso text: String) -> Date? {
        if let whole = try? Date(text, strategy: .iso8601) { return landing(whole.timeIntervalSince1970) }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return (try? Date(text, strategy: fractional)).map(wholeMilliseconds)
    }
}
