import Foundation

/// How the stores keep a decision in their JSON columns (`decisions.decision`): the same
/// shape in SQLite and PostgreSQL, so a database can be read by either.
extension Decision {
    public var storedValue: Value {
        switch self {
        case .accept:
            ["verdict": "accept"]
        case .send(let plan):
            ["verdict": "send", "plan": plan.storedValue]
        case .defer(let until, let reason):
            ["verdict": "defer", "until": .int(StoredTime.micros(until)), "reason": .string(reason.rawValue)]
        case .refuse(let reason):
            ["verdict": "refuse", "reason": .string(reason.rawValue)]
        }
    }

    public init(storedValue: Value) throws(StoredShapeError) {
        let s = try StoredShape(storedValue, "decision")
        switch try s.string("verdict") {
        case "accept": self = .accept
        case "send": self = .send(try SendPlan(storedValue: try s.value("plan")))
        case "defer":
            self = .defer(until: StoredTime.date(try s.int("until")), reason: try s.raw("reason", as: ReasonCode.self))
        case "refuse": self = .refuse(try s.raw("reason", as: ReasonCode.self))
        case let other: throw StoredShapeError("decision: unknown verdict \(other)")
        }
    }

    /// The reason code of a deferral or refusal, for the decision log's own column.
    public var reasonCode: ReasonCode? {
        switch self {
        case .defer(_, let reason), .refuse(let reason): reason
        case .accept, .send: nil
        }
    }
}

extension SendPlan {
    public var storedValue: Value {
        [
            "messaging_type": .string(messagingType.rawValue),
            "messages": .array(messages.map(\.storedValue)),
            "conversions": .array(conversions.map(\.storedValue)),
        ]
    }

    public init(storedValue: Value) throws(StoredShapeError) {
        let s = try StoredShape(storedValue, "plan")
        var messages: [OutgoingMessage] = []
        for m in try s.array("messages") { messages.append(try OutgoingMessage(storedValue: m)) }
        var conversions: [Conversion] = []
        for c in try s.array("conversions") { conversions.append(try Conversion(storedValue: c)) }
        self.init(
            messagingType: try s.raw("messaging_type", as: MessagingType.self), messages: messages,
            conversions: conversions)
    }
}

extension Conversion {
    public var storedValue: Value {
        switch self {
        case .attachmentAsLink(let url, let why):
            ["type": "attachment_as_link", "url": .string(url), "why": .string(why)]
        case .textSplit(let parts):
            ["type": "text_split", "parts": .int(Int64(parts))]
        case .quickRepliesDropped(let count, let why):
            ["type": "quick_replies_dropped", "count": .int(Int64(count)), "why": .string(why)]
        }
    }

    public init(storedValue: Value) throws(StoredShapeError) {
        let s = try StoredShape(storedValue, "conversion")
        switch try s.string("type") {
        case "attachment_as_link": self = .attachmentAsLink(url: try s.string("url"), why: try s.string("why"))
        case "text_split": self = .textSplit(parts: Int(try s.int("parts")))
        case "quick_replies_dropped": self = .quickRepliesDropped(count: Int(try s.int("count")), why: try s.string("why"))
        case let other: throw StoredShapeError("conversion: unknown type \(other)")
        }
    }
}
