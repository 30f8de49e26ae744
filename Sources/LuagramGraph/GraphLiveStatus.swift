import Foundation
import LuagramDomain
import Synchronization

/// Whether a live video is still on, from the account's `live_media` edge, which lists the
/// live videos broadcasting now
/// (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/live_media).
/// One call per account at most every `lifetime`: a live's comments come by the hundred.
public final class GraphLiveStatus: LiveStatus {
    private let client: GraphClient
    /// For accounts connected with Facebook Login (the edge is the account's on either host).
    private let facebookClient: GraphClient?
    private let logins: [String: GraphLogin]
    private let lifetime: TimeInterval
    private let known = Mutex<[String: (media: Set<String>, at: Date)]>([:])

    public init(client: GraphClient, facebookClient: GraphClient? = nil, logins: [String: GraphLogin] = [:], lifetime: TimeInterval = 15) {
        self.client = client
        self.facebookClient = facebookClient
        self.logins = logins
        self.lifetime = lifetime
    }

    public func isLive(media: String, of account: String, at now: Date) async -> Bool? {
        if let seen = known.withLock({ $0[account] }), now.timeIntervalSince(seen.at) < lifetime {
            return seen.media.contains(media)
        }
        let client = if case .facebook? = logins[account] { facebookClient ?? self.client } else { self.client }
        guard let answer = try? await client.get("\(account)/live_media", query: [("fields", "id")], account: account) else {
            return nil
        }
        let live = Set(GraphClient.objects(answer["data"]).compactMap { GraphAnswer.string($0["id"]) })
        known.withLock { $0[account] = (live, now) }
        return live.contains(media)
    }
}
