import Foundation
import LuagramDomain
import Synchronization

/// The Send API calls this process made and whose results the outbox does not hold yet, per
/// contact, with what each carried and, once Meta answered, its message id: how the echo of
/// Luagram's own message is told from a person answering in the Instagram app.
///
/// Meta delivers the echo webhook of a message the app sent, often before the Send API call
/// returns (Chatwoot met the same race: https://github.com/chatwoot/chatwoot/pull/12032),
/// and the sender writes a round's message ids only at the end of the round. So an echo
/// whose id the store does not know yet is asked about here: it is ours when a call was
/// answered with its id, or, while the call has no answer yet, when it carries what a call
/// to that contact carried (the same text, or an attachment of the same type). Each call
/// accounts for one echo at most, so a person who types the same words at the same moment
/// is still noticed by the next echo.
///
/// In memory: the sender and the processing workers of one process share one. After a
/// restart the outbox's unconfirmed rows are settled with Meta before anything else.
public final class InFlightSends: Sendable {
    /// One call, from `begin` to the round's results being written.
    public struct Ticket: Sendable, Hashable {
        let value: UInt64
    }

    /// What an echo can be recognised by when its id is not known yet.
    enum Content: Hashable {
        case text(String)
        case attachment(String)
    }

    struct Call {
        var account: String
        var contact: String
        var content: Content?
        var begunAt: Date
        /// Meta's answer: the id it gave the message.
        var messageID: String?
        /// The echo already accounted for by this call, by its id.
        var echo: String?
        /// Meta answered; the result is on its way to the outbox.
        var answered: Bool
    }

    private struct State {
        var next: UInt64 = 0
        var calls: [UInt64: Call] = [:]
    }

    private let state = Mutex(State())
    /// How long a call with no known outcome (its answer was lost) still claims echoes.
    public let retention: TimeInterval

    public init(retention: TimeInterval = 600) {
        self.retention = retention
    }

    /// Notes a call about to be made; `account` sends `message` to `contact` (for a private
    /// reply, the commenter: that is who the echo names).
    public func begin(account: String, contact: String, message: OutgoingMessage, at now: Date) -> Ticket {
        let call = Call(
            account: account, contact: contact, content: Self.content(of: message), begunAt: now, messageID: nil, echo: nil,
            answered: false)
        return state.withLock { state in
            state.next += 1
            state.calls[state.next] = call
            return Ticket(value: state.next)
        }
    }

    /// Meta accepted the call as `messageID`: from now on its echo is known by that id.
    public func answered(_ ticket: Ticket, messageID: String) {
        state.withLock { state in
            state.calls[ticket.value]?.messageID = messageID
            state.calls[ticket.value]?.answered = true
        }
    }

    /// The call failed. Only a call that may have reached Meta (no answer came) may still
    /// have an echo; one Meta refused never has.
    public func failed(_ ticket: Ticket, mayHaveArrived: Bool) {
        state.withLock { state in
            if mayHaveArrived {
                state.calls[ticket.value]?.answered = false
            } else {
                state.calls[ticket.value] = nil
            }
        }
    }

    /// The outbox now holds every answered call's message id: they are forgotten (the store
    /// recognises their echoes from now on). Returns the ids whose echo came before, so the
    /// sender can mark those messages delivered.
    public func resultsWritten(at now: Date) -> [String] {
        state.withLock { state in
            var echoed: [String] = []
            for (key, call) in state.calls {
                if call.answered {
                    if call.echo != nil, let id = call.messageID { echoed.append(id) }
                    state.calls[key] = nil
                } else if now.timeIntervalSince(call.begunAt) > retention {
                    state.calls[key] = nil
                }
            }
            return echoed.sorted()
        }
    }

    /// Whether the echo `mid` sent by `account` to `contact` is of a call made here. If so,
    /// that call accounts for it.
    public func claimEcho(account: String, contact: String, mid: String, text: String?, attachmentTypes: [String]) -> Bool {
        state.withLock { state in
            if let (key, _) = state.calls.first(where: { $0.value.messageID == mid || $0.value.echo == mid }) {
                state.calls[key]?.echo = mid
                return true
            }
            let content = Self.content(text: text, attachmentTypes: attachmentTypes)
            guard let content else { return false }
            // The oldest call first: Meta echoes one contact's messages in the order they went.
            let candidate = state.calls
                .filter {
                    $0.value.account == account && $0.value.contact == contact && $0.value.messageID == nil
                        && $0.value.echo == nil && $0.value.content == content
                }
                .min { $0.key < $1.key }
            guard let (key, _) = candidate else { return false }
            state.calls[key]?.echo = mid
            return true
        }
    }

    /// How many calls are held; for tests and metrics.
    public var count: Int { state.withLock { $0.calls.count } }

    static func content(of message: OutgoingMessage) -> Content? {
        if let text = message.text { return .text(normalized(text)) }
        if message.image != nil { return .attachment("image") }
        return nil
    }

    static func content(text: String?, attachmentTypes: [String]) -> Content? {
        if let text { return .text(normalized(text)) }
        return attachmentTypes.first.map(Content.attachment)
    }

    /// Meta may drop the whitespace around a text; what is inside stays as sent.
    private static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
