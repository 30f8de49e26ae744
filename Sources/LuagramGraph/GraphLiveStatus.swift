import Foundation
import LuagramDomain
import Synchronization

/// Whether a live video is still on, from the account's `live_media` edge, which lists the
/// live videos broadcasting now
/// (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/live_media).
/// One call per account at most every `lifetime`: a live's comments come by the hundred.
public final class GraphLiveStatus: LiveStatus {
    private let client: GraphClient
    private let lifetime: TimeInterval
    private let known = Mutex<[String: (media: Set<String>, at: Date)]>([:])

    public init(client: GraphClient, lifetime: TimeInterval = 15) {
        self.client = client
        self.lifetime = lifetime
    }

    public func isLive(media: String, of account: String, at now: Date) async -> Bool? {
        if let seen = known.withLock({ $0[account] }), now.timeIntervalSince(seen.at) < lifetime {
            return seen.media.contains(media)
        }
        guard let answer = try? await client.get("\(account)/live_media", query: [("fields", "id")], account: account) else {
            return nil
        }
        let live = Set(((answer["data"] as? [Any]) ?? []).compactMap { ($0 as? [String: any Sendable]).flatMap { GraphAnswer.string($0["id"]) } })
        known.withLock { $0[account] = (live, now) }
        return live.contains(media)
    }
}
