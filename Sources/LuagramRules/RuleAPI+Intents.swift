import Foundation
import LuagramDomain
import LuagramLua

// The intent-recording methods: ev:reply, ev:private_reply, ev:follow_up, ev:handoff,
// broadcast, and the contact's tag/untag/has_tag/get/set. Each returns the host's decision
// as a table {ok = bool, verdict = "send"|"defer"|"refuse"|"accept", reason = code, message = text, …}.

extension RuleAPI {
    /// The longest a follow-up may wait: Instagram's longest window (HUMAN_AGENT) is 7 days.
    static let longestFollowUp: Double = 7 * 24 * 3600

    func reply(_ call: LuaCall) throws -> [LuaValue] {
        let state = try currentEvent(call, method: "reply")
        return record(.reply(try Self.message(try call.argument(2), method: "reply")), call, state)
    }

    func privateReply(_ call: LuaCall) throws -> [LuaValue] {
        let state = try currentEvent(call, method: "private_reply")
        guard state.event.kind.isComment else {
            throw LuaCallError(
                "private_reply answers comments; this is a \(state.event.kind.rawValue) event (use ev:reply)")
        }
        return record(.privateReply(try Self.message(try call.argument(2), method: "private_reply")), call, state)
    }

    func followUp(_ call: LuaCall) throws -> [LuaValue] {
        let state = try currentEvent(call, method: "follow_up")
        guard let seconds = try call.argument(2).numberValue, seconds >= 1, seconds <= Self.longestFollowUp else {
            throw LuaCallError("follow_up: the delay must be a number of seconds from 1 to \(Int(Self.longestFollowUp)) (7 days)")
        }
        return record(.followUp(seconds: seconds, try Self.message(try call.argument(3), method: "follow_up")), call, state)
    }

    func handoff(_ call: LuaCall) throws -> [LuaValue] {
        let state = try currentEvent(call, method: "handoff")
        let reason: String
        switch try call.argument(2) {
        case .nil: reason = ""
        case .string(let s): reason = s
        default: throw LuaCallError("handoff: the reason must be a string")
        }
        return record(.handoff(reason: reason), call, state)
    }

    func broadcast(_ call: LuaCall) throws -> [LuaValue] {
        let message = try Self.message(try call.argument(1), method: "broadcast")
        if let state = dispatch {
            return record(.broadcast(message), call, state)
        }
        return [Self.lua(.refuse(.broadcastUnsupported))]
    }

    // MARK: Contact

    func tag(_ call: LuaCall) throws -> [LuaValue] {
        let (state, name) = try contactCall(call, method: "tag")
        if !state.contact.tags.contains(name) {
            state.willChangeContact()
            state.contact.tags.append(name)
            state.showTags()
        }
        return record(.tag(name), call, state)
    }

    func untag(_ call: LuaCall) throws -> [LuaValue] {
        let (state, name) = try contactCall(call, method: "untag")
        if state.contact.tags.contains(name) {
            state.willChangeContact()
            state.contact.tags.removeAll { $0 == name }
            state.showTags()
        }
        return record(.untag(name), call, state)
    }

    func hasTag(_ call: LuaCall) throws -> [LuaValue] {
        let (state, name) = try contactCall(call, method: "has_tag")
        return [.boolean(state.contact.tags.contains(name))]
    }

    func get(_ call: LuaCall) throws -> [LuaValue] {
        let (state, key) = try contactCall(call, method: "get")
        return [state.contact.values[key]?.lua ?? .nil]
    }

    static let maximumValueKeyLength = 64
    static let maximumValueSize = 4096

    func set(_ call: LuaCall) throws -> [LuaValue] {
        let (state, key) = try contactCall(call, method: "set")
        guard key.utf8.count <= Self.maximumValueKeyLength else {
            throw LuaCallError("set: keys are at most \(Self.maximumValueKeyLength) bytes")
        }
        let argument = try call.argument(3)
        if Self.containsBytes(argument) { throw LuaCallError("set: the value holds a string that is \(Self.notUTF8)") }
        guard let value = Value(lua: argument) else {
            throw LuaCallError("set: values are nil, booleans, numbers, strings, or tables of them")
        }
        guard Self.size(of: argument) <= Self.maximumValueSize else {
            throw LuaCallError("set: a value is at most \(Self.maximumValueSize) bytes")
        }
        let kept: Value? = value == .null ? nil : value
        state.willChangeContact()
        state.contact.values[key] = kept
        return record(.setValue(key: key, kept), call, state)
    }

    // MARK: Helpers

    func currentEvent(_ call: LuaCall, method: String) throws -> DispatchState {
        guard let state = dispatch, let event, call.argument(1, is: event) else {
            throw LuaCallError(
                "\(method): call it on the event being handled, as ev:\(method)(…); an event kept from earlier can no longer be answered")
        }
        return state
    }

    private func contactCall(_ call: LuaCall, method: String) throws -> (DispatchState, String) {
        guard let state = dispatch, call.argument(1, isCurrent: .contact) else {
            throw LuaCallError("\(method): call it on the contact of the event being handled, as ev.contact:\(method)(…)")
        }
        let argument = try call.argument(2)
        if case .bytes = argument { throw LuaCallError("\(method): the name is \(Self.notUTF8)") }
        guard let name = argument.stringValue, !name.isEmpty else {
            throw LuaCallError("\(method): expects a non-empty string, got \(call.typeName(2))")
        }
        return (state, name)
    }

    private func record(_ intent: Intent, _ call: LuaCall, _ state: DispatchState) -> [LuaValue] {
        let decision = state.decider.decide(intent, for: state.event, at: state.now)
        let index = state.handlerIndex
        let handler = state.handlers[index]
        let position = call.caller ?? (handler.file, handler.line)
        let ofHandler = state.intentHandlers.reversed().prefix { $0 == index }.count
        state.intents.append(
            RecordedIntent(
                intent: intent, origin: .rule(file: position.file, line: position.line, handler: handler.name),
                decision: decision, index: ofHandler))
        state.intentHandlers.append(index)
        return [Self.lua(decision)]
    }

    /// A decision as rules see it: {ok, verdict, reason, message, messaging_type, until}.
    static func lua(_ decision: Decision) -> LuaValue {
        var fields: [String: LuaValue] = ["ok": .boolean(decision.isAllowed), "verdict": .string(decision.verdict)]
        switch decision {
        case .accept:
            break
        case .send(let plan):
            fields["messaging_type"] = .string(plan.messagingType == .response ? "RESPONSE" : "MESSAGE_TAG")
            if plan.messagingType == .humanAgent { fields["tag"] = "HUMAN_AGENT" }
            fields["messages"] = .integer(Int64(plan.messages.count))
        case .defer(let until, let reason):
            fields["until"] = .number(until.timeIntervalSince1970)
            fields["reason"] = .string(reason.rawValue)
            fields["message"] = .string(reason.explanation)
        case .refuse(let reason):
            fields["reason"] = .string(reason.rawValue)
            fields["message"] = .string(reason.explanation)
        }
        return .map(fields)
    }

    /// A message as rules write it: a string, or {text=, image=, file=, quick_replies=}.
    static func message(_ value: LuaValue, method: String) throws -> OutgoingMessage {
        switch value {
        case .string(let text):
            guard !text.isEmpty else { throw LuaCallError("\(method): the message is empty") }
            return OutgoingMessage(text: text)
        case .bytes:
            throw LuaCallError("\(method): the message is \(Self.notUTF8)")
        case .table(let table):
            var message = OutgoingMessage()
            for (key, field) in table.fields {
                switch (key, field) {
                case (.string("text"), .string(let s)): message.text = s
                case (.string("image"), .string(let s)): message.image = s
                case (.string("file"), .string(let s)): message.file = s
                case (.string("quick_replies"), .table(let replies)):
                    message.quickReplies = try replies.array.map { try quickReply($0, method: method) }
                case (.string, .bytes):
                    throw LuaCallError("\(method): the message's \(key) is \(Self.notUTF8)")
                default:
                    throw LuaCallError("\(method): unexpected field \(key) in the message (expected text, image, file, quick_replies)")
                }
            }
            guard message.text?.isEmpty == false || message.image != nil || message.file != nil else {
                throw LuaCallError("\(method): the message needs text, an image or a file")
            }
            return message
        default:
            throw LuaCallError("\(method): the message must be a string or a table {text = …}")
        }
    }

    private static func quickReply(_ value: LuaValue, method: String) throws -> QuickReply {
        switch value {
        case .string(let title):
            return QuickReply(title: title, payload: title)
        case .bytes:
            throw LuaCallError("\(method): a quick reply's title is \(Self.notUTF8)")
        case .table(let table):
            guard case .string(let title)? = table.fields[.string("title")] else {
                throw LuaCallError("\(method): a quick reply needs a title")
            }
            let payload = table.fields[.string("payload")]?.stringValue ?? title
            return QuickReply(title: title, payload: payload)
        default:
            throw LuaCallError("\(method): quick replies are strings or {title = …, payload = …}")
        }
    }

    /// Said of a string that Lua holds but that is not text: the usual cause is a string
    /// cut inside a multi-byte character.
    static let notUTF8 = "not valid UTF-8 (a string cut inside a character, as string.sub can do to an emoji; utf8.offset finds where characters start)"

    private static func containsBytes(_ value: LuaValue) -> Bool {
        switch value {
        case .bytes: true
        case .table(let t): t.array.contains(where: containsBytes) || t.fields.contains { containsBytes($0.key.value) || containsBytes($0.value) }
        default: false
        }
    }

    private static func size(of value: LuaValue) -> Int {
        switch value {
        case .string(let s): s.utf8.count
        case .bytes(let b): b.count
        case .table(let t):
            t.array.reduce(0) { $0 + size(of: $1) + 1 }
                + t.fields.reduce(0) { $0 + size(of: $1.key.value) + size(of: $1.value) + 1 }
        default: 8
        }
    }
}
