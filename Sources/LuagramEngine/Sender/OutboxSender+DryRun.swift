import Foundation
import Logging
import LuagramDomain

// Without a Send API, a row's parts are logged instead of posted.
extension OutboxSender {
    /// A dry run's record in the log; message bodies stay out of info logs (the stored
    /// message keeps the text).
    func logDryRun(
        _ message: OutgoingMessage, part: Int, of plan: SendPlan, entry: OutboxEntry, to recipient: MessageRecipient,
        messagingType: MessagingType?
    ) {
        var metadata: Logger.Metadata = [
            "outbox": "\(entry.id)", "account": "\(entry.account)", "recipient": "\(recipient)",
            "part": "\(part + 1)/\(plan.messages.count)", "messaging_type": "\(messagingType?.rawValue ?? "none")",
            "text_bytes": "\(message.text?.utf8.count ?? 0)", "image": "\(message.image != nil)",
        ]
        logger.info("dry run: would send", metadata: metadata)
        metadata["text"] = "\(message.text ?? "")"
        logger.debug("dry run: would send", metadata: metadata)
    }
}
