import Foundation
import LuagramDomain

/// One line of `simulate`'s output: a decision on an intent, when it was made, and the Send
/// API request it led to.
///
/// `phase` says which decision it is: `decided` when the event (or the agent's send) was
/// processed, `due` when the sender, at the due time, decided differently from then or later
/// than then (a follow-up sent or refused, a private reply paced by the rate limit, a send
/// that failed).
public struct SimulatedDecision: Sendable, Hashable {
    public var at: Date
    public var phase: Phase
    /// The event's id; nil for an agent's send.
    public var event: String?
    public var kind: String
    public var account: String
    public var contact: String
    public var origin: Origin
    public var action: String
    public var verdict: String
    public var reason: ReasonCode?
    /// Until when a deferred intent waits.
    public var until: Date?
    public var messagingType: String?
    public var tag: String?
    /// The Send API bodies, in call order: empty when nothing is (or would be) posted.
    public var requests: [Value]
    /// Meta's error, when the send failed.
    public var error: String?

    /// When the decision was made.
    public enum Phase: String, Sendable, Hashable {
        case decided
        case due
    }

    /// The line as JSON: the keys `simulate` documents, plus `at`, `phase`, `account`,
    /// `until`, `error` and, for a message sent in several calls, `more_requests`.
    public var json: Value {
        var object: [String: Value] = [
            "at": .string(Self.iso(at)),
            "phase": .string(phase.rawValue),
            "event": event.map(Value.string) ?? .null,
            "kind": .string(kind),
            "account": .string(account),
            "contact": .string(contact),
            "rule": .null,
            "origin": .string("rule"),
            "action": .string(action),
            "verdict": .string(verdict),
            "reason": reason.map { .string($0.rawValue) } ?? .null,
            "messaging_type": messagingType.map(Value.string) ?? .null,
            "tag": tag.map(Value.string) ?? .null,
            "request": requests.first ?? .null,
        ]
        switch origin {
        case .rule(let file, let line, _): object["rule"] = .string("\(file):\(line)")
        case .agent(let name):
            object["origin"] = .string("agent")
            object["agent"] = .string(name)
        }
        if let until { object["until"] = .string(Self.iso(until)) }
        if let error { object["error"] = .string(error) }
        if requests.count > 1 { object["more_requests"] = .array(Array(requests.dropFirst())) }
        if requests.contains(where: Self.attachesImage) { object["image_check"] = .string(Self.imageCheck) }
        return .object(object)
    }

    public var jsonLine: String { JSONText.serialize(json) }

    /// How an image attachment is decided, where `simulate` cannot: it makes no network calls.
    static let imageCheck =
        "not checked here (simulate makes no network calls): serve attaches it when a HEAD request finds png or jpeg "
        + "up to 8,000,000 bytes, and sends the URL as a link otherwise"

    private static func attachesImage(_ request: Value) -> Bool {
        guard case .object(let body) = request, case .object(let message)? = body["message"],
            case .object(let attachment)? = message["attachment"]
        else { return false }
        return attachment["type"] == .string("image")
    }

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// The wire names of a plan's messaging type: `MESSAGE_TAG` + `HUMAN_AGENT` for an agent
    /// after 24 hours, `RESPONSE` and no tag otherwise, nothing for a private reply.
    static func wire(_ type: MessagingType?) -> (messagingType: String?, tag: String?) {
        switch type {
        case nil: (nil, nil)
        case .response: ("RESPONSE", nil)
        case .humanAgent: ("MESSAGE_TAG", "HUMAN_AGENT")
        }
    }
}
