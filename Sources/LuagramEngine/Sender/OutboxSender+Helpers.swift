import Foundation
import Logging
import LuagramDomain
import LuagramPolicy

// Pauses, rate slots and the round's writes.
extension OutboxSender {
    /// Back until the end of the account's pause, if it is paused.
    func deferIfPaused(_ row: OutboxRow, at now: Date) -> SendOutcome? {
        guard let pause = activePause(row.entry.account, at: now) else { return nil }
        let until = pause.until ?? now.addingTimeInterval(configuration.reauthenticationRecheck)
        let reason: DeferralReason = pause.reason == .throttled ? .accountThrottled : .accountNeedsReauthentication
        return putBack(row, until: until, failure: row.lastFailure, as: .deferred(until: until, reason: reason), at: now)
    }

    func activePause(_ account: String, at now: Date) -> AccountPause? {
        guard let pause = pauses[account] else { return nil }
        if pause.isActive(at: now) { return pause }
        pauses[account] = nil
        logger.notice("account pause over", metadata: ["account": "\(account)", "paused_for": "\(pause.reason.rawValue)"])
        return nil
    }

    /// Takes a rate slot for the row's next part; if there is none, when the row may try
    /// again, and why (`AccountPacing`: a burst comes up again about when it can go, one row
    /// per slot).
    func takeSlot(for row: OutboxRow, _ rateClass: RateClass, at now: Date) -> (Date, DeferralReason)? {
        pacing.takeSlot(account: row.entry.account, rateClass, fresh: row.nextAttemptAt <= row.entry.dueAt, at: now)
    }

    static func rateClass(of message: OutgoingMessage, entry: OutboxEntry) -> RateClass {
        if case .privateReply = entry.intent {
            return entry.event.kind == .liveComment ? .livePrivateReply : .privateReply
        }
        return message.image == nil ? .text : .media
    }

    /// Back to pending from `until`, keeping (or replacing) the row's last error. Only a
    /// retry spends an attempt: waiting out a pause or a rate limit must not use up the
    /// retry budget of a row that was never tried.
    func putBack(_ row: OutboxRow, until: Date, failure: SendFailure?, as outcome: SendOutcome, at now: Date)
        -> SendOutcome
    {
        let attempted = if case .retry = outcome { true } else { false }
        return record(outcome, .retry(row.entry.id, failure, nextAttemptAt: until, attempted: attempted))
    }

    /// Notes the row's write for the end of the round.
    func record(_ outcome: SendOutcome, _ write: OutboxWrite) -> SendOutcome {
        roundWrites.append(write)
        return outcome
    }

    /// Writes the results of earlier rounds the store refused (a full disk, a read-only
    /// file), oldest first; false while it still refuses them, and then no new round starts:
    /// what was sent must be on record before anything else is sent.
    func recordUnwritten() async -> Bool {
        while let (writes, time) = unwritten.first {
            do {
                try await outbox.apply(writes, at: time)
            } catch {
                return false
            }
            unwritten.removeFirst()
            await forgetWritten(at: time)
            logger.notice("recorded send results the store had refused", metadata: ["rows": "\(Set(writes.map(\.id)).count)"])
        }
        return true
    }

    /// The outbox holds the answered calls' ids now: the store recognises their echoes, and
    /// the messages whose echo came first are delivered.
    func forgetWritten(at now: Date) async {
        guard let inFlight else { return }
        for mid in inFlight.resultsWritten(at: now) {
            _ = try? await conversations.markDelivered(mid: mid, at: now)
        }
    }

    /// The results could not be written: the rows stay claimed (`sending`), so no other
    /// round takes them, and the results are written as soon as the store takes them again
    /// (should the process stop first, they are checked with Meta at the next start).
    func storeError(_ error: any Error, for id: OutboxID, doing what: String) -> SendOutcome {
        logger.error(
            "the outbox could not record a send result; the row stays claimed",
            metadata: ["outbox": "\(id)", "action": "\(what)", "error": "\(error)"])
        return .storeError("\(what): \(error)")
    }
}
