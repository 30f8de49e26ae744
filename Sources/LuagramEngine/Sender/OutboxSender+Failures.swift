import Foundation
import Logging
import LuagramDomain
import LuagramPolicy

// What a failed call means for its row and its account.
extension OutboxSender {
    func failed(_ row: OutboxRow, _ error: MessageSendError, at now: Date) async -> SendOutcome {
        let entry = row.entry
        let failure = error.failure
        let metadata: Logger.Metadata = [
            "outbox": "\(entry.id)", "account": "\(entry.account)", "code": "\(error.code.map(String.init) ?? "-")",
            "subcode": "\(error.subcode.map(String.init) ?? "-")", "error": "\(error.message)",
        ]
        switch error.kind {
        case .permanentForContact where row.unconfirmedSince != nil && Self.isAlreadyReplied(error):
            // Not proof that the earlier try arrived: Meta answers the same for a deleted or
            // too old comment and an ended live. Only the conversation can tell.
            if let live = sender, let messageID = await Self.findPrivateReply(row, live: live, conversations: conversations) {
                logger.notice("an unconfirmed private reply had arrived", metadata: metadata)
                counters.messagesConfirmed += 1
                return record(.sent(messageIDs: [messageID]), .sent(entry.id, part: row.partsSent, messageID: messageID))
            }
            logger.notice("an unconfirmed private reply may or may not have arrived; Meta refuses another", metadata: metadata)
            let unknown = Self.unknownPrivateReply(failure)
            return record(.failed(unknown), .failed(entry.id, unknown))
        case _ where Self.isNotThreadOwner(error):
            // Another app holds the thread, which its standby webhooks may not have told yet:
            // noted, so the policy refuses the contact's next sends itself until this app
            // holds the thread again.
            logger.notice("Meta says another app holds the thread: refused until it is passed back", metadata: metadata)
            do {
                try await conversations.noteThreadInStandby(account: entry.account, contact: entry.recipient, at: now)
            } catch {
                logger.error("could not note the thread in standby", metadata: ["outbox": "\(entry.id)", "error": "\(error)"])
            }
            return record(.refused(.threadInStandby), .refused(entry.id, .threadInStandby))
        case .permanentForContact, .rejected:
            logger.notice("send failed for good", metadata: metadata)
            return record(.failed(failure), .failed(entry.id, failure))
        case .configuration:
            // Not a pause: the error is specific enough to fix, and other messages (another
            // node, another kind) may still go; a person must look either way.
            logger.error("send failed: the app or account is not set up to send", metadata: metadata)
            return record(.failed(failure), .failed(entry.id, failure))
        case .transient where error.mayHaveArrived:
            // Not tried again blindly: the next round asks Meta whether it arrived.
            guard row.attempts < configuration.maxAttempts else {
                logger.warning("send failed: retries exhausted", metadata: metadata.merging(["attempts": "\(row.attempts)"]) { $1 })
                return record(.failed(failure), .failed(entry.id, failure))
            }
            let at = now.addingTimeInterval(configuration.retryDelay(afterAttempt: row.attempts, random: random()))
            logger.info("no answer from Meta; will check whether it arrived", metadata: metadata.merging(["check_at": "\(at)"]) { $1 })
            return record(.retry(at: at, failure: failure), .unconfirmed(entry.id, failure, since: now, nextAttemptAt: at))
        case .transient:
            guard row.attempts < configuration.maxAttempts else {
                logger.warning("send failed: retries exhausted", metadata: metadata.merging(["attempts": "\(row.attempts)"]) { $1 })
                return record(.failed(failure), .failed(entry.id, failure))
            }
            let at = now.addingTimeInterval(configuration.retryDelay(afterAttempt: row.attempts, random: random()))
            logger.info("send failed, will retry", metadata: metadata.merging(["retry_at": "\(at)"]) { $1 })
            return putBack(row, until: at, failure: failure, as: .retry(at: at, failure: failure), at: now)
        case .throttled(let retryAfter):
            let outcome = pacing.update(entry.account) { $0.recordThrottle(at: now, retryAfter: retryAfter) }
            let until: Date
            if case .wait(let end, _) = outcome { until = end } else { until = now }
            pauses[entry.account] = AccountPause(
                account: entry.account, reason: .throttled, since: now, until: until, failure: failure)
            counters.throttled += 1
            logger.error("Meta throttled the account: its sends are paused", metadata: metadata.merging(["until": "\(until)"]) { $1 })
            return putBack(row, until: until, failure: failure, as: .deferred(until: until, reason: .accountThrottled), at: now)
        case .reauthenticate:
            let since = pauses[entry.account]?.since ?? now
            pauses[entry.account] = AccountPause(
                account: entry.account, reason: .reauthenticate, since: since, until: nil, failure: failure)
            counters.reauthenticationRequired += 1
            logger.critical(
                "Meta refused the account's access token: ALL ITS SENDS ARE STOPPED until it is re-authorised and resumed",
                metadata: metadata)
            let until = now.addingTimeInterval(configuration.reauthenticationRecheck)
            return putBack(
                row, until: until, failure: failure, as: .deferred(until: until, reason: .accountNeedsReauthentication), at: now)
        }
    }
}
