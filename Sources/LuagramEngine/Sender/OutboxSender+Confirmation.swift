import Foundation
import Logging
import LuagramDomain
import LuagramPolicy

// Sends that may have reached Meta without an answer: asking Meta before trying again.
extension OutboxSender {
    /// What asking Meta about an unconfirmed part found.
    enum Confirmation {
        /// Meta has it, under this id.
        case delivered(String)
        /// Meta does not have it: send it.
        case notDelivered
        /// Nothing to ask: send, and let Meta's answer tell (a private reply: a second one to
        /// the same comment is refused with 2534025; a dry run posted nothing).
        case resend
        /// Meta could not be asked now, or the part cannot be recognised: the row's outcome.
        case settled(SendOutcome)
    }

    /// Asks Meta whether the part tried at `since` arrived: the conversation is searched
    /// for its text among the messages created since then that Luagram does not know yet.
    func confirm(_ row: OutboxRow, since: Date, at now: Date) async -> Confirmation {
        let entry = row.entry
        guard let live = sender, !row.dryRun, case .contact = Self.recipient(of: entry) else { return .resend }
        // A deferred row gets its plan at send time; when that round died, the intent's own
        // message is what was tried.
        guard let message = entry.plan?.messages.dropFirst(row.partsSent).first ?? entry.intent.outgoingMessage else {
            return .notDelivered
        }
        if case .wait(let until, _) = pacing.update(entry.account, { $0.acquire(.conversations, at: now) }) {
            return .settled(putBack(row, until: until, failure: row.lastFailure, as: .deferred(until: until, reason: .rateLimited), at: now))
        }
        let failed: MessageSendError
        do {
            let known = try await conversations.messages(account: entry.account, contact: entry.recipient, limit: 50)
            let mid = try await live.findDelivered(
                message, to: entry.recipient, from: entry.account, since: since.addingTimeInterval(-Self.clockSkew),
                excluding: Set(known.compactMap(\.mid)))
            logger.notice(
                mid == nil ? "an unconfirmed send had not arrived: sending it" : "an unconfirmed send had arrived",
                metadata: ["outbox": "\(entry.id)", "part": "\(row.partsSent + 1)"])
            return mid.map(Confirmation.delivered) ?? .notDelivered
        } catch let error as MessageSendError {
            failed = error
        } catch {
            failed = MessageSendError(kind: .transient, message: "the conversation could not be read: \(error)")
        }
        let error = failed
        let failure = SendFailure(
            code: error.code, subcode: error.subcode, message: "could not check with Meta whether the last try arrived: \(error.message)")
        let mayTryAgain = switch error.kind {
            case .transient, .throttled: row.attempts < configuration.maxAttempts
            default: false
            }
        if mayTryAgain {
            let at = now.addingTimeInterval(configuration.retryDelay(afterAttempt: row.attempts, random: random()))
            return .settled(putBack(row, until: at, failure: failure, as: .retry(at: at, failure: failure), at: now))
        } else {
            // At most once: what cannot be checked is not sent again.
            logger.warning("an unconfirmed send cannot be checked; not sent again", metadata: ["outbox": "\(entry.id)"])
            let final = SendFailure(
                code: nil, message: "may or may not have reached Meta, and \(error.message); not sent again")
            return .settled(record(.failed(final), .failed(entry.id, final)))
        }
    }

    /// How far Meta's clock may be behind ours when a message's time is compared with a try's.
    static let clockSkew: TimeInterval = 5

    static func recipient(of entry: OutboxEntry) -> MessageRecipient {
        if case .privateReply = entry.intent { .comment(entry.event.id) } else { .contact(entry.recipient) }
    }
}
