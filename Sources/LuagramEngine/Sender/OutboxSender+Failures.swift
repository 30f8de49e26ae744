import Foundation
import Logging
import LuagramDomain
import LuagramPolicy

// What a failed call means for its row and its account: decided by `SendFailurePlan`,
// carried out here (the log, the outbox write, the account's pause, the counters).
extension OutboxSender {
    func failed(_ row: OutboxRow, _ error: MessageSendError, at now: Date) async -> SendOutcome {
        let entry = row.entry
        let metadata: Logger.Metadata = [
            "outbox": "\(entry.id)", "account": "\(entry.account)", "code": "\(error.code.map(String.init) ?? "-")",
            "subcode": "\(error.subcode.map(String.init) ?? "-")", "error": "\(error.message)",
        ]
        let plan = SendFailurePlan.decide(error: error, row: row, configuration: configuration, now: now, random: random)
        switch plan {
        case .lookForUnconfirmedPrivateReply(let unknown):
            if let live = sender, let messageID = await Self.findPrivateReply(row, live: live, conversations: conversations) {
                logger.notice("an unconfirmed private reply had arrived", metadata: metadata)
                counters.messagesConfirmed += 1
                return record(.sent(messageIDs: [messageID]), .sent(entry.id, part: row.partsSent, messageID: messageID))
            }
            logger.notice("an unconfirmed private reply may or may not have arrived; Meta refuses another", metadata: metadata)
            return record(.failed(unknown), .failed(entry.id, unknown))
        case .threadInStandby:
            logger.notice("Meta says another app holds the thread: refused until it is passed back", metadata: metadata)
            do {
                try await conversations.noteThreadInStandby(account: entry.account, contact: entry.recipient, at: now)
            } catch {
                logger.error("could not note the thread in standby", metadata: ["outbox": "\(entry.id)", "error": "\(error)"])
            }
            return record(.refused(.threadInStandby), .refused(entry.id, .threadInStandby))
        case .fail(let failure, let reason):
            switch reason {
            case .refusedByMeta:
                logger.notice("send failed for good", metadata: metadata)
            case .configuration:
                logger.error("send failed: the app or account is not set up to send", metadata: metadata)
            case .retriesExhausted(let attempts):
                logger.warning("send failed: retries exhausted", metadata: metadata.merging(["attempts": "\(attempts)"]) { $1 })
            }
            return record(.failed(failure), .failed(entry.id, failure))
        case .checkLater(let at, let failure):
            logger.info("no answer from Meta; will check whether it arrived", metadata: metadata.merging(["check_at": "\(at)"]) { $1 })
            return record(.retry(at: at, failure: failure), .unconfirmed(entry.id, failure, since: now, nextAttemptAt: at))
        case .retry(let at, let failure):
            logger.info("send failed, will retry", metadata: metadata.merging(["retry_at": "\(at)"]) { $1 })
            return putBack(row, until: at, failure: failure, as: .retry(at: at, failure: failure), at: now)
        case .pauseThrottled(let retryAfter, let failure):
            let outcome = pacing.update(entry.account) { $0.recordThrottle(at: now, retryAfter: retryAfter) }
            let until: Date
            if case .wait(let end, _) = outcome { until = end } else { until = now }
            pauses[entry.account] = AccountPause(
                account: entry.account, reason: .throttled, since: now, until: until, failure: failure)
            counters.throttled += 1
            logger.error("Meta throttled the account: its sends are paused", metadata: metadata.merging(["until": "\(until)"]) { $1 })
            return putBack(row, until: until, failure: failure, as: .deferred(until: until, reason: .accountThrottled), at: now)
        case .pauseForReauthentication(let until, let failure):
            let since = pauses[entry.account]?.since ?? now
            pauses[entry.account] = AccountPause(
                account: entry.account, reason: .reauthenticate, since: since, until: nil, failure: failure)
            counters.reauthenticationRequired += 1
            logger.critical(
                "Meta refused the account's access token: ALL ITS SENDS ARE STOPPED until it is re-authorised and resumed",
                metadata: metadata)
            return putBack(
                row, until: until, failure: failure, as: .deferred(until: until, reason: .accountNeedsReauthentication), at: now)
        }
    }
}
