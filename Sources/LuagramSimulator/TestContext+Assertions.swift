import Foundation
import LuagramDomain
import LuagramLua
import LuagramRules
import LuagramStore

/// What a test checks, and how sends are shown in its failure messages.
extension TestContext {
    var assertions: [String: LuaFunction] {
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

    func expectSends(_ call: LuaCall) throws -> [LuaValue] {
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

    func expectRefused(_ call: LuaCall) throws -> [LuaValue] {
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

    func expectTag(_ call: LuaCall, present: Bool) throws -> [LuaValue] {
        guard let tag = try call.argument(2).stringValue else { throw LuaCallError("give the tag's name") }
        let contact = try contactState(call.argument(3))
        guard contact.tags.contains(tag) == present else {
            throw LuaCallError(
                "expected contact \(contact.id) \(present ? "to have" : "not to have") tag \"\(tag)\"; tags: "
                    + (contact.tags.isEmpty ? "(none)" : contact.tags.joined(separator: ", ")))
        }
        return []
    }

    func expectValue(_ call: LuaCall) throws -> [LuaValue] {
        guard let key = try call.argument(2).stringValue else { throw LuaCallError("expect_value: give the key") }
        let want = Value(lua: try call.argument(3)) ?? .null
        let contact = try contactState(call.argument(4))
        let got = contact.values[key] ?? .null
        guard got == want else {
            throw LuaCallError("expect_value: contact \(contact.id) \(key) expected \(Self.show(want)), got \(Self.show(got))")
        }
        return []
    }

    func contactState(_ options: LuaValue) throws -> Contact {
        let id = try Self.fields(options)["contact"]?.stringValue ?? Self.contact
        let store = Handed(value: simulation.store)
        return try blocking { try await store.value.contactState(account: Self.account, contact: id).contact }
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
}
