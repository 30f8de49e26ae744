import LuagramDomain
import Synchronization

extension FakeGraphServer {
    /// Links a Facebook Page to an Instagram account, as Facebook Login does: calls through
    /// the Page's node (`/{page}/messages`) use the Page's token (`tokens[page]`).
    public func linkPage(_ page: String, to account: String) {
        core.pages.withLock { $0[page] = account }
    }
}

extension FakeGraphServer.Core {
    enum PageAccess {
        case notThroughAPage, allowed
        case refused(FakeGraphServer.Reply)
    }

    /// A linked Page's token also works on its Instagram account's node, except for private
    /// replies, which Meta refuses there with `(#3)`: integrators observed it
    /// (docs/meta-graph-api.md, "Facebook Login"); the Page's own node takes them.
    func pageAccess(token: String?, node: String, request: Value?) -> PageAccess {
        let linked = pages.withLock { $0 }
        guard let token, let page = linked.first(where: { $0.value == node })?.key, tokens[page] == token else {
            return .notThroughAPage
        }
        guard request?.field("recipient")?.field("comment_id") == nil else {
            return .refused(.metaError(code: 3, message: "Application does not have the capability to make this API call."))
        }
        return .allowed
    }
}
