import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport

// Shared vocabulary of the policy tables: a start time, durations, origins and requests.

let t0 = EventBuilder.time
let second: TimeInterval = 1
let hour: TimeInterval = 3600
let day: TimeInterval = 24 * hour

let rule = Origin.rule(file: "rules/shop.lua", line: 12, handler: "message")
let agent = Origin.agent("marta")

let hello = OutgoingMessage(text: "Thanks for writing! We ship to Lisbon in 2-3 days.")

/// The sender's plan for one plain message with RESPONSE.
func response(_ message: OutgoingMessage = hello) -> Decision {
    .send(SendPlan(messagingType: .response, messages: [message]))
}

/// A direct message from the default contact at `time`.
func dm(at time: Date = t0) -> Event {
    EventBuilder.message(time: time)
}

/// A comment from the default contact at `time`.
func comment(at time: Date = t0, id: String = "17858893269000001", kind: EventKind = .comment) -> Event {
    var event = EventBuilder.comment(id: id, time: time)
    event.kind = kind
    return event
}

/// A conversation whose contact last wrote at `time`.
func wrote(at time: Date?) -> ConversationState {
    ConversationState(lastUserMessageAt: time)
}

func request(
    _ intent: Intent, from origin: Origin = rule, answering event: Event = dm(), to recipient: String? = nil,
    conversation: ConversationState? = nil, rate: RateState = RateState(),
    attachments: [String: AttachmentInfo] = [:], liveBroadcastEnded: Bool = false, recordedAt: Date? = nil
) -> PolicyRequest {
    let conversation = conversation ?? wrote(at: event.kind.opensMessagingWindow ? event.time : nil)
    return PolicyRequest(
        intent: intent, origin: origin, event: event, recipient: recipient,
        context: PolicyContext(
            conversation: conversation, rate: rate, attachments: attachments, liveBroadcastEnded: liveBroadcastEnded),
        recordedAt: recordedAt)
}

/// `count` calls of a class, spread evenly over the `span` seconds before `end` (the
/// oldest exactly `span` before it), so a full window's oldest call is known.
func calls(_ count: Int, ofClass rateClass: RateClass, endingAt end: Date, span: TimeInterval) -> RateState {
    let step = count > 1 ? span / Double(count - 1) : 0
    let times = (0..<count).map { end.addingTimeInterval(-span + Double($0) * step) }
    return RateState(calls: [rateClass: times])
}

extension Decision {
    /// The planned messages, if the decision is a send.
    var messages: [OutgoingMessage]? {
        if case .send(let plan) = self { return plan.messages }
        return nil
    }

    var conversions: [Conversion]? {
        if case .send(let plan) = self { return plan.conversions }
        return nil
    }

    var messagingType: MessagingType? {
        if case .send(let plan) = self { return plan.messagingType }
        return nil
    }
}
