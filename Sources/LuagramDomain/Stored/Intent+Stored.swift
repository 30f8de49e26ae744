import Foundation

/// How the stores keep an intent in their JSON columns (the decision log, the outbox payload).
extension Intent {
    /// `{"type": <the intent's rule name>, …}`: the names rules and logs already use.
    public var storedValue: Value {
        var m: [String: Value] = ["type": .string(name)]
        switch self {
        case .reply(let message), .privateReply(let message), .broadcast(let message):
            m["message"] = message.storedValue
        case .followUp(let seconds, let message):
            m["seconds"] = .double(seconds)
            m["message"] = message.storedValue
        case .handoff(let reason):
            m["reason"] = .string(reason)
        case .tag(let tag), .untag(let tag):
            m["tag"] = .string(tag)
        case .setValue(let key, let value):
            m["key"] = .string(key)
            // Absent means "forget the key"; JSON null is the value null.
            if let value { m["value"] = value }
        }
        return .object(m)
    }

    public init(storedValue: Value) throws(StoredShapeError) {
        let s = try StoredShape(storedValue, "intent")
        let type = try s.string("type")
        func message() throws(StoredShapeError) -> OutgoingMessage {
            try OutgoingMessage(storedValue: try s.value("message"))
        }
        switch type {
        case "reply": self = .reply(try message())
        case "private_reply": self = .privateReply(try message())
        case "broadcast": self = .broadcast(try message())
        case "follow_up": self = .followUp(seconds: try s.double("seconds"), try message())
        case "handoff": self = .handoff(reason: try s.string("reason"))
        case "tag": self = .tag(try s.string("tag"))
        case "untag": self = .untag(try s.string("tag"))
        case "set":
            // Spelled out: `cond ? value : nil` would make the nil a `Value.null` literal.
            let value: Value? = s.has("value") ? .some(try s.value("value")) : .none
            self = .setValue(key: try s.string("key"), value)
        default: throw StoredShapeError("intent: unknown type \(type)")
        }
    }
}
