import Foundation
import LuagramDomain

extension GraphClient {
    /// Meta's id of a message `account` sent to `contact` with exactly this text at or after
    /// `since`, other than those in `known`, or nil when the conversation has none: how a
    /// send whose answer never came is settled. Through the Conversations API
    /// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/conversations-api):
    /// the thread by the contact's IGSID, its messages' ids and times, then the details of the
    /// ones created since. Only a thread's 20 most recent messages can be read in detail, plenty for a
    /// message sent moments ago.
    public func findSentMessage(
        text: String, to contact: String, from account: String, node: GraphNode = .account, since: Date,
        excluding known: Set<String> = []
    ) async throws(GraphError) -> String? {
        let owner = node.owner(for: account)
        let threads = try await get(
            "\(owner)/conversations", query: [("platform", "instagram"), ("user_id", contact)], account: account)
        for thread in Self.objects(threads["data"]) {
            guard let threadID = GraphAnswer.string(thread["id"]) else { continue }
            let listing = try await get(threadID, query: [("fields", "messages")], account: account)
            let messages = Self.objects(listing["messages"]?["data"])
            for listed in messages {
                guard let id = GraphAnswer.string(listed["id"]), !known.contains(id) else { continue }
                // An unreadable time is checked rather than skipped: a miss would send twice.
                if let time = Self.time(listed["created_time"]), time < since { continue }
                let detail = try await get(id, query: [("fields", "id,created_time,from,to,message")], account: account)
                let from = GraphAnswer.string(detail["from"]?["id"])
                // With Facebook Login the sender shows as the Instagram account, not the Page
                // whose id the calls use: "not from the contact" is what holds in both.
                if from != contact, detail["message"]?.stringValue == text { return id }
            }
        }
        return nil
    }

    /// The objects of a JSON array; anything else in it, or a value that is no array, is skipped.
    static func objects(_ value: Value?) -> [Value] {
        value?.arrayValue?.filter { $0.objectValue != nil } ?? []
    }

    /// A Graph time (`2026-12-04T10:00:00+0000`, or epoch seconds) as a date.
    static func time(_ value: Value?) -> Date? {
        MetaTime.date(value)
    }
}
