import Foundation
import LuagramDomain
import Synchronization

extension FakeGraphServer {
    /// The account's lives broadcasting now, by media id: what `GET /{account}/live_media`
    /// lists (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/live_media).
    /// An empty list: no live is on, so a live comment takes no more private replies.
    public func setLive(_ media: [String], for account: String = FakeGraphServer.account) {
        core.lives.withLock { $0[account] = media }
    }
}

extension FakeGraphServer.Core {
    func liveMedia(of account: String) -> FakeGraphServer.Reply {
        let media = lives.withLock { $0[account] ?? [] }
        return FakeGraphServer.Reply(status: 200, body: .json(FakeGraphServer.json(["data": .array(media.map { ["id": .string($0)] })])))
    }
}
