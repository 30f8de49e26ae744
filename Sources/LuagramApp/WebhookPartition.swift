import Foundation
import LuagramDomain
import LuagramInstagram

/// The processing partition of a webhook body: its first event's contact's
/// (`ClusterSlots.partition`). A body that is not a webhook goes to partition 0, where it is
/// rejected as anywhere else. Meta sends one event per body as a rule; a batched body with
/// several contacts is processed in the first one's partition, so its other contacts' events
/// keep their order with one another but not with the same contacts' bodies elsewhere.
enum WebhookPartition {
    static func of(_ body: Data) -> Int {
        guard let decoded = try? WebhookDecoder.decodeBody(body, receivedAt: Date()), let first = decoded.events.first else {
            return 0
        }
        return ClusterSlots.partition(account: first.account, contact: first.contact.id)
    }
}
