import Foundation
import Logging
import LuagramDomain
import LuagramPolicy

// Images are checked when they are about to go, not when they are decided: the policy does
// no I/O, and a URL's file can change between a rule's decision and a follow-up's due time.
extension OutboxSender {
    /// The plan with each image Meta would not attach turned into a link carrying its URL,
    /// and the reason in its conversions: asked of the media inspector (a HEAD request)
    /// before the first part goes, since a sent part fixes the plan.
    func checkingImages(_ plan: SendPlan, of entry: OutboxEntry, at now: Date) async -> SendPlan {
        guard let media else { return plan }
        var plan = plan
        for index in plan.messages.indices {
            guard let url = plan.messages[index].image else { continue }
            let facts = await media.inspect(url, at: now)
            let info = AttachmentInfo(contentType: facts.contentType, byteSize: facts.byteSize)
            guard case .link(_, let why) = AttachmentRule.image(url, info: info, limits: policy.limits) else { continue }
            let reason = facts.problem.map { "\(why): \($0)" } ?? why
            var link = OutgoingMessage(text: url)
            link.quickReplies = plan.messages[index].quickReplies
            plan.messages[index] = link
            plan.conversions.append(.attachmentAsLink(url: url, why: reason))
            counters.imagesSentAsLinks += 1
            logger.notice("image sent as a link", metadata: ["outbox": "\(entry.id)", "why": "\(reason)"])
        }
        return plan
    }
}
