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
    var webhooks = TestWebhooks(account: account, contact: contact, username: "test_user")
    var decisions: [SimulatedDecision] = []
    var sendsChecked = 0
    var refusalsChecked = 0

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
}
