import Foundation
import LuagramDomain
import LuagramLua
import LuagramRules
import LuagramStore

/// The `t` of one rule test: a fresh simulation of the pipeline, the event builders, the
/// clock, and the assertions, bound as Lua methods.
///
/// Assertions consume what they checked — `expect_sends` the sends since the previous
/// `expect_sends`, `expect_refused` the refusals since the previous one — so a test reads as
/// a conversation: this came in, that went out. A failed assertion raises an error whose
/// message Lua prefixes with the assertion's `file:line`.
final class TestContext {
    /// 2026-01-05T10:00:00.123Z, a Monday. Meta's timestamps are milliseconds, so on real
    /// traffic `now()` is never a whole second; a clock of whole seconds hid rules that
    /// break on a fractional time (`os.date` refusing one).
    static let start = Date(timeIntervalSince1970: 1_767_607_200.123)
    /// The milliseconds a whole-second time given to `t:at` lands on, for the same reason.
    static let subsecond = 0.123
    static let account = "17841400000000001"
    static let contact = "8450000000000001"

    let simulation: Simulation
    /// The test file's folder, for `t:webhook(path)`.
    let folder: String
    /// Where `t:webhook` may read: the rules folder.
    let readable: RulesFolderPath
    private var webhooks = TestWebhooks(account: account, contact: contact, username: "test_user")
    private var decisions: [SimulatedDecision] = []
    private var sendsChecked = 0
    private var refusalsChecked = 0

    init(rules: String, folder: String, options: RuleOptions) throws {
        simulation = try Simulation(
            rules: rules, store: try SQLiteStore.inMemory(), start: Self.start, options: options, logger: options.logger)
        self.folder = folder
        readable = RulesFolderPath(root: rules)
    }

    /// The `t` table.
    func bind(on vm: LuaVM) -> LuaRef {
        var methods: [String: LuaFunction] = [
            "message": { [unowned self] in try event($0) { w, f, at in w.message(f, at: at) } },
            "comment": { [unowned self] in try event($0) { w, f, at in w.comment(f, live: false, at: at) } },
            "live_comment": { [unowned self] in try event($0) { w, f, at in w.comment(f, live: true, at: at) } },
            "ad_referral": { [unowned self] in
                try event($0) { w, f, at in
                    var referral: TestWebhooks.Fields = [
                        "ad_id": f["ad_id"] ?? .string("120210000000000001"), "source": .string("ADS"),
                        "type": .string("OPEN_THREAD"),
                    ]
                    if let ref = f["ref"] { referral["ref"] = ref }
                    var message = f
                    if message["text"] == nil { message["text"] = .string("Is this still available?") }
                    return w.message(message, at: at, extra: ["referral": .object(referral)])
                }
            },
            "story_mention": { [unowned self] in
                try event($0) { w, f, at in
                    let url = f["url"] ?? .string("https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1")
                    var message = f
                    message["attachments"] = .array([.object(["type": .string("story_mention"), "payload": .object(["url": url])])])
                    return w.message(message, at: at)
                }
            },
            "referral": { [unowned self] in
                try event($0) { w, f, at in
                    let referral: Value = .object([
                        "ref": f["ref"] ?? .string("test"), "source": f["source"] ?? .string("SHORTLINKS"),
                        "type": f["type"] ?? .string("OPEN_THREAD"),
                    ])
                    let id = "referral.\(MetaTime.milliseconds(at))"
                    return (id, w.body(messaging: w.item(from: f, at: at, ["referral": referral]), at: at))
                }
            },
            "postback": { [unowned self] in
                try event($0) { w, f, at in
                    let mid = w.next("mid.postback")
                    let postback: Value = .object([
                        "mid": .string(mid), "title": f["title"] ?? .string("Menu"), "payload": f["payload"] ?? .string("MENU"),
                    ])
                    return (mid, w.body(messaging: w.item(from: f, at: at, ["postback": postback]), at: at))
                }
            },
            "reaction": { [unowned self] in
                try event($0) { w, f, at in
                    let reaction: Value = .object([
                        "mid": f["mid"] ?? .string("mid.reacted"), "action": f["action"] ?? .string("react"),
                        "reaction": f["reaction"] ?? .string("love"), "emoji": f["emoji"] ?? .string("❤"),
                    ])
                    return ("reaction", w.body(messaging: w.item(from: f, at: at, ["reaction": reaction]), at: at))
                }
            },
            "read": { [unowned self] in
                try event($0) { w, f, at in
                    let read: Value = .object(["mid": f["mid"] ?? .string("mid.read")])
                    return ("read", w.body(messaging: w.item(from: f, at: at, ["read": read]), at: at))
                }
            },
            "echo": { [unowned self] in
                try event($0) { w, f, at in
                    let mid = w.next("mid.echo")
                    let item: Value = .object([
                        "sender": .object(["id": .string(Self.account)]),
                        "recipient": .object(["id": .string(f["to"]?.stringValue ?? f["from"]?.stringValue ?? Self.contact)]),
                        "timestamp": .int(MetaTime.milliseconds(at)),
                        "message": .object(["mid": .string(mid), "text": f["text"] ?? .string("Hi, it's Ana"), "is_echo": .bool(true)]),
                    ])
                    return (mid, w.body(messaging: item, at: at))
                }
            },
            "webhook": { [unowned self] in try webhook($0) },
            "advance": { [unowned self] in try advance($0) },
            "at": { [unowned self] in try at($0) },
            "now": { [unowned self] _ in [.number(simulation.clock.now.timeIntervalSince1970)] },
            "agent_reply": { [unowned self] in try agentReply($0) },
            "sends": { [unowned self] _ in [.array(simulation.recorder.recorded.map(Self.table))] },
        ]
        for (name, assertion) in assertions { methods[name] = assertion }
        return vm.makeTable(functions: Self.registered(methods))
    }

    /// The methods in the registry's order of names, checked against it both ways, so the
    /// editor definitions and the docs can never describe a `t` method that is not there.
    static func registered(_ methods: [String: LuaFunction]) -> [String: LuaFunction] {
        var unbound = methods
        var bound: [String: LuaFunction] = [:]
        for function in RuleAPIDescription.luagram.testFunctions where function.owner == .testContext {
            guard let body = unbound.removeValue(forKey: function.name) else {
                preconditionFailure("the rule API registry lists \(function.path), which the test context does not implement")
            }
            bound[function.name] = body
        }
        precondition(
            unbound.isEmpty,
            "the test context implements \(unbound.keys.sorted().joined(separator: ", ")), which the rule API registry does not list")
        return bound
    }

    // MARK: Events and time

    private func event(
        _ call: LuaCall, _ build: (inout TestWebhooks, TestWebhooks.Fields, Date) -> (id: String, body: Data)
    ) throws -> [LuaValue] {
        let fields = try Self.fields(call.argument(2))
        let (id, body) = build(&webhooks, fields, simulation.clock.now)
        try perform { try await $0.receive(body) }
        return [.string(id)]
    }

    private func webhook(_ call: LuaCall) throws -> [LuaValue] {
        guard let path = try call.argument(2).stringValue else { throw LuaCallError("webhook: give the path of a recorded webhook file") }
        let file: String
        do {
            file = try readable.confine(path, relativeTo: folder)
        } catch {
            throw LuaCallError("webhook: \(error)")
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw LuaCallError("webhook: cannot read \(path)") }
        let body = try Self.retimed(data, to: simulation.clock.now)
        let step = try perform { try await $0.receive(body) }
        return [step.events.first.map(LuaValue.string) ?? .nil]
    }

    private func advance(_ call: LuaCall) throws -> [LuaValue] {
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

    private func at(_ call: LuaCall) throws -> [LuaValue] {
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

    private func agentReply(_ call: LuaCall) throws -> [LuaValue] {
        guard let text = try call.argument(2).stringValue else { throw LuaCallError("agent_reply: give the message text") }
        let options = try Self.fields(call.argument(3))
        let contact = options["contact"]?.stringValue ?? Self.contact
        let agent = options["agent"]?.stringValue ?? "agent"
        try perform { try await $0.agentSend(text, to: contact, account: Self.account, agent: agent) }
        return [.string(decisions.last?.verdict ?? "")]
    }

    /// Runs pipeline work to its end; a rule that failed fails the test with its `file:line`.
    @discardableResult
    private func perform(_ work: @escaping @Sendable (Simulation) async throws -> Simulation.Step) throws -> Simulation.Step {
        let handed = Handed(value: simulation)
        let step = try blocking { try await work(handed.value) }
        decisions += step.decisions
        if let failure = step.ruleFailures.first { throw LuaCallError("a rule failed: \(failure)") }
        if let rejected = step.rejected.first { throw LuaCallError("the webhook was not processed: \(rejected)") }
        return step
    }

    // MARK: Assertions

    private var assertions: [String: LuaFunction] {
        [
            "expect_sends": { [unowned self] in try expectSends($0) },
            "expect_nothing_sent": { [unowned self] _ in
                let fresh = Array(simulation.recorder.recorded.dropFirst(sendsChecked))
                sendsChecked += fresh.count
                guard fresh.isEmpty else { throw LuaCallError("expected nothing sent, got:\n" + Self.describe(fresh)) }
                return []
            },
            "expect_refused": { [unowned self] in try expectRefused($0) },
            "expect_tag": { [unowned self] in try expectTag($0, present: true) },
            "expect_no_tag": { [unowned self] in try expectTag($0, present: false) },
            "expect_value": { [unowned self] in try expectValue($0) },
        ]
    }

    private func expectSends(_ call: LuaCall) throws -> [LuaValue] {
        guard case .table(let table) = try call.argument(2) else {
            throw LuaCallError("expect_sends: give a list of expected sends, e.g. { {text = \"Hi\"} }")
        }
        let expected = try table.array.map { item -> TestWebhooks.Fields in
            switch Value(lua: item) {
            case .object(let fields)?: return fields
            case .array(let items)? where items.isEmpty: return [:]  // {}: any send
            default: throw LuaCallError("expect_sends: each expected send is a table such as {text = \"Hi\"}")
            }
        }
        let fresh = Array(simulation.recorder.recorded.dropFirst(sendsChecked))
        sendsChecked += fresh.count
        let actual = fresh.map(Self.fields(of:))
        var problems: [String] = []
        if expected.count != actual.count { problems.append("expected \(expected.count) sends, got \(actual.count)") }
        for (index, want) in expected.enumerated() where index < actual.count {
            for key in want.keys.sorted() where actual[index][key] != want[key] {
                problems.append(
                    "send \(index + 1): \(key) expected \(Self.show(want[key])), got \(Self.show(actual[index][key]))")
            }
        }
        guard problems.isEmpty else {
            throw LuaCallError(
                "expect_sends: " + problems.joined(separator: "; ") + "\n  expected:\n"
                    + expected.map { "    " + Self.show(.object($0)) }.joined(separator: "\n") + "\n  sent:\n"
                    + (fresh.isEmpty ? "    (nothing)" : Self.describe(fresh)))
        }
        return []
    }

    private func expectRefused(_ call: LuaCall) throws -> [LuaValue] {
        guard let reason = try call.argument(2).stringValue else { throw LuaCallError("expect_refused: give a reason code") }
        let action = try Self.fields(call.argument(3))["action"]?.stringValue
        let fresh = decisions.enumerated().dropFirst(refusalsChecked).filter { $0.element.verdict == "refuse" }
        refusalsChecked = decisions.count
        if fresh.contains(where: { $0.element.reason?.rawValue == reason && (action == nil || $0.element.action == action) }) {
            return []
        }
        let seen = fresh.map { "    \($0.element.action): \($0.element.reason?.rawValue ?? "-")" }
        throw LuaCallError(
            "expect_refused: no \(action.map { $0 + " " } ?? "")refusal with reason \(reason); refusals since the last check:\n"
                + (seen.isEmpty ? "    (none)" : seen.joined(separator: "\n")))
    }

    private func expectTag(_ call: LuaCall, present: Bool) throws -> [LuaValue] {
        guard let tag = try call.argument(2).stringValue else { throw LuaCallError("give the tag's name") }
        let contact = try contactState(call.argument(3))
        guard contact.tags.contains(tag) == present else {
            throw LuaCallError(
                "expected contact \(contact.id) \(present ? "to have" : "not to have") tag \"\(tag)\"; tags: "
                    + (contact.tags.isEmpty ? "(none)" : contact.tags.joined(separator: ", ")))
        }
        return []
    }

    private func expectValue(_ call: LuaCall) throws -> [LuaValue] {
        guard let key = try call.argument(2).stringValue else { throw LuaCallError("expect_value: give the key") }
        let want = Value(lua: try call.argument(3)) ?? .null
        let contact = try contactState(call.argument(4))
        let got = contact.values[key] ?? .null
        guard got == want else {
            throw LuaCallError("expect_value: contact \(contact.id) \(key) expected \(Self.show(want)), got \(Self.show(got))")
        }
        return []
    }

    private func contactState(_ options: LuaValue) throws -> Contact {
        let id = try Self.fields(options)["contact"]?.stringValue ?? Self.contact
        let store = Handed(value: simulation.store)
        return try blocking { try await store.value.contactState(account: Self.account, contact: id).contact }
    }

    // MARK: Helpers

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

    static func fields(_ value: LuaValue) throws -> TestWebhooks.Fields {
        switch Value(lua: value) {
        case .object(let fields)?: return fields
        case .null?: return [:]
        case .array(let items)? where items.isEmpty: return [:]
        default: throw LuaCallError("expected a table of fields, such as {text = \"Hi\"}")
        }
    }

    /// What an assertion compares of a send.
    static func fields(of call: SendRecorder.Call) -> TestWebhooks.Fields {
        var fields: TestWebhooks.Fields = [:]
        let (type, tag) = SimulatedDecision.wire(call.messagingType)
        fields["messaging_type"] = type.map(Value.string) ?? .null
        fields["tag"] = tag.map(Value.string) ?? .null
        fields["text"] = call.message.text.map(Value.string) ?? .null
        fields["image"] = call.message.image.map { .string($0) } ?? .null
        fields["quick_replies"] = .array(call.message.quickReplies.map { .string($0.title) })
        switch call.recipient {
        case .contact(let id):
            fields["recipient"] = .string("contact")
            fields["to"] = .string(id)
        case .comment(let id):
            fields["recipient"] = .string("comment")
            fields["to"] = .string(id)
        }
        return fields
    }

    static func table(_ call: SendRecorder.Call) -> LuaValue {
        var fields = fields(of: call)
        fields["request"] = call.body
        return Value.object(fields).lua
    }

    static func describe(_ calls: [SendRecorder.Call]) -> String {
        calls.map { "    " + show(.object(fields(of: $0).filter { $0.value != .null })) }.joined(separator: "\n")
    }

    static func show(_ value: Value?) -> String {
        value.map { JSONText.serialize($0) } ?? "nil"
    }

    /// A recorded webhook with every timestamp moved to `now`, keeping each item's distance
    /// from the earliest (milliseconds or seconds, as the body has them).
    static func retimed(_ data: Data, to now: Date) throws -> Data {
        guard case .object(var body) = try JSONText.parse(data), case .array(var entries)? = body["entry"] else {
            throw LuaCallError("webhook: not a webhook body")
        }
        for index in entries.indices {
            guard case .object(var entry) = entries[index] else { continue }
            entry["time"] = retimed(entry["time"], to: now)
            for list in ["messaging", "standby"] {
                guard case .array(var items)? = entry[list] else { continue }
                for item in items.indices {
                    guard case .object(var fields) = items[item] else { continue }
                    fields["timestamp"] = retimed(fields["timestamp"], to: now)
                    items[item] = .object(fields)
                }
                entry[list] = .array(items)
            }
            entries[index] = .object(entry)
        }
        body["entry"] = .array(entries)
        return Data(JSONText.serialize(.object(body)).utf8)
    }

    private static func retimed(_ value: Value?, to now: Date) -> Value? {
        guard case .int(let stamp)? = value else { return value }
        return .int(stamp > 100_000_000_000 ? MetaTime.milliseconds(now) : MetaTime.milliseconds(now) / 1000)
    }
}
