import Foundation
import Logging
import LuagramDomain

// Meta takes a private reply to a live comment only while the live is on
// (https://developers.facebook.com/docs/instagram-platform/private-replies): asked before
// the round's policy checks, which do no I/O, so a reply queued behind the 750/h limit or a
// backlog is refused `private_reply_expired` once the live is over, not sent to fail.
extension OutboxSender {
    func endedLives(of rows: [OutboxRow], at now: Date) async -> Set<OutboxID> {
        guard let lives, sender != nil else { return [] }
        var ended: Set<OutboxID> = []
        for row in rows where row.entry.event.kind == .liveComment && row.partsSent == 0 && !row.dryRun {
            guard case .privateReply = row.entry.intent else { continue }
            let media: String?
            do {
                media = try await conversations.mediaOfComment(row.entry.event.id, account: row.entry.account)
            } catch {
                logger.warning("could not read a live comment's media", metadata: ["outbox": "\(row.entry.id)", "error": "\(error)"])
                continue
            }
            // unknown media or status: the reply is tried, and Meta's answer decides
            if let media, await lives.isLive(media: media, of: row.entry.account, at: now) == false {
                ended.insert(row.entry.id)
            }
        }
        return ended
    }
}
