import Foundation
import Hummingbird
import LuagramDomain
import Synchronization

/// What `luagram accounts check` and `subscribe` ask Meta, as the twin answers it: who a
/// token belongs to, which permissions a Page token carries, and which webhook fields the
/// app is subscribed to per account (Instagram Login) or per Page (Facebook Login).
struct SubscriptionsState: Sendable {
    /// Account or Page id → the fields the app is subscribed to; absent: not subscribed.
    var fields: [String: [String]] = [:]
    /// Account or Page id → the permissions its token carries; absent: every one Luagram needs.
    var permissions: [String: [String]] = [:]
    var usernames: [String: String] = [:]
}

extension FakeGraphServer {
    /// The permissions `debug_token` names for the token of `owner` (an account or a Page).
    public func setPermissions(_ permissions: [String], of owner: String) {
        core.subscriptions.withLock { $0.permissions[owner] = permissions }
    }

    /// The webhook fields the app is subscribed to for `owner` (an account or a Page); nil:
    /// none.
    public func subscribedFields(of owner: String) -> [String]? {
        core.subscriptions.withLock { $0.fields[owner] }
    }

    /// The username `GET /me?fields=user_id,username` answers for the account.
    public func setUsername(_ username: String, of account: String) {
        core.subscriptions.withLock { $0.usernames[account] = username }
    }

    /// The permissions a Page token carries unless `setPermissions` says otherwise.
    static let pagePermissions = [
        "instagram_basic", "instagram_manage_messages", "instagram_manage_comments", "pages_manage_metadata",
        "pages_messaging", "pages_show_list",
    ]

    /// `POST` and `DELETE /{version}/{node}/subscribed_apps?subscribed_fields=…`
    /// (Instagram Login: https://developers.facebook.com/docs/instagram-platform/webhooks;
    /// Facebook Login: https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps).
    static func addSubscriptionRoutes(to router: Router<BasicRequestContext>, core: Core) {
        // the edge's own GET: a constant segment takes the path from `/:version/:node/:edge`
        router.get("/:version/:node/subscribed_apps") { request, context in
            core.read(request, node: try context.parameters.require("node"), edge: "subscribed_apps")
        }
        router.post("/:version/:node/subscribed_apps") { request, context in
            core.subscribe(request, node: try context.parameters.require("node"), remove: false)
        }
        router.delete("/:version/:node/subscribed_apps") { request, context in
            core.subscribe(request, node: try context.parameters.require("node"), remove: true)
        }
    }
}

extension FakeGraphServer.Core {
    /// The account or Page a token belongs to.
    func owner(of token: String?) -> String? {
        guard let token else { return nil }
        return tokens.first { $0.value == token }?.key
    }

    /// `GET /me?fields=user_id,username` with an Instagram token, or
    /// `GET /{page}?fields=instagram_business_account` (and `/me` with a Page token); nil for
    /// any other node.
    func identity(of node: String, token: String?) -> FakeGraphServer.Reply? {
        guard let owner = owner(of: token), node == "me" || node == owner else { return nil }
        let linked = pages.withLock { $0[owner] }
        let answer: Value
        if let linked {
            answer = ["id": .string(owner), "name": "Twin Page", "instagram_business_account": ["id": .string(linked)]]
        } else {
            let username = subscriptions.withLock { $0.usernames[owner] } ?? "twin_business"
            // `id` is app-scoped; `user_id` is the id webhooks name (reference: docs/meta-graph-api.md)
            answer = ["id": .string("app-scoped-\(owner)"), "user_id": .string(owner), "username": .string(username)]
        }
        return FakeGraphServer.Reply(status: 200, body: .json(FakeGraphServer.json(answer)))
    }

    /// `GET /debug_token?input_token=…`: the token's app, type, validity and scopes
    /// (https://developers.facebook.com/docs/graph-api/reference/debug_token).
    func debugToken(_ request: Request) -> FakeGraphServer.Reply {
        let input = request.uri.queryParameters.get("input_token").map { String($0) }
        guard let owner = owner(of: input) else {
            return .metaError(code: 190, message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException")
        }
        let scopes = subscriptions.withLock { $0.permissions[owner] } ?? FakeGraphServer.pagePermissions
        let isPage = pages.withLock { $0[owner] } != nil
        let data: Value = [
            "app_id": "1234567890", "type": .string(isPage ? "PAGE" : "USER"), "is_valid": true,
            "profile_id": .string(owner), "expires_at": 0, "scopes": .array(scopes.map { .string($0) }),
        ]
        return FakeGraphServer.Reply(status: 200, body: .json(FakeGraphServer.json(["data": data])))
    }

    /// `GET /{node}/subscribed_apps`: the app with its fields, or an empty list.
    func subscribedApps(of node: String, token: String?) -> FakeGraphServer.Reply {
        guard let owner = owner(of: token), node == "me" || node == owner else {
            return .metaError(code: 100, subcode: 33, message: "Unsupported get request.", type: "GraphMethodException")
        }
        let fields = subscriptions.withLock { $0.fields[owner] }
        let data: [Value] =
            fields.map { [["id": "1234567890", "name": "Luagram twin app", "subscribed_fields": .array($0.map { .string($0) })]] } ?? []
        return FakeGraphServer.Reply(status: 200, body: .json(FakeGraphServer.json(["data": .array(data)])))
    }

    func subscribe(_ request: Request, node: String, remove: Bool) -> Response {
        let headers = request.headers.reduce(into: [String: String]()) { $0[$1.name.canonicalName] = $1.value }
        let recorded = FakeGraphServer.RecordedRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers, bodyText: "", json: nil)
        let token = recorded.bearerToken ?? request.uri.queryParameters.get("access_token").map { String($0) }
        let reply: FakeGraphServer.Reply = state.withLock { state in
            state.requests.append(recorded)
            if let refusal = Self.refusal(token: token, node: node, tokens: tokens) { return refusal }
            if let refusal = accountRefusal(token: token, request: nil) { return refusal }
            guard let owner = owner(of: token) else { return .metaError(code: 190, message: "Invalid OAuth access token") }
            if remove {
                subscriptions.withLock { _ = $0.fields.removeValue(forKey: owner) }
                return FakeGraphServer.Reply(status: 200, body: .json(#"{"success":true}"#))
            }
            let wanted = request.uri.queryParameters.get("subscribed_fields").map { String($0) } ?? ""
            let fields = wanted.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !fields.isEmpty else {
                return .metaError(code: 100, message: "(#100) The parameter subscribed_fields is required.", type: "OAuthException")
            }
            subscriptions.withLock { $0.fields[owner] = fields }
            return FakeGraphServer.Reply(status: 200, body: .json(#"{"success":true}"#))
        }
        return Self.response(reply, sequence: 0, request: nil)
    }
}
