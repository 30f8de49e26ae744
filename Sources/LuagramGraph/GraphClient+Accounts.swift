import Foundation
import LuagramDomain
import NIOHTTP1

/// What connecting an account asks Meta, all with the token given (not the provider's):
/// whom it belongs to, what it may do, which webhook fields the app gets, and a fresh token.
extension GraphClient {
    /// Instagram Login: `GET /me?fields=user_id,username`; `user_id` is the id webhooks name,
    /// `id` is app-scoped (https://developers.facebook.com/docs/instagram-platform/reference/me).
    public func instagramIdentity(token: GraphAccessToken) async throws(GraphError) -> (account: String?, username: String?) {
        let me = try await call(.GET, versioned("me"), query: [("fields", "user_id,username")], token: token)
        return (GraphAnswer.string(me["user_id"]), me["username"]?.stringValue)
    }

    /// Facebook Login: the Instagram professional account linked to the Page,
    /// `GET /{page}?fields=instagram_business_account`
    /// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/get-started).
    public func linkedInstagramAccount(page: String, token: GraphAccessToken) async throws(GraphError) -> String? {
        let node = try await call(.GET, versioned(page), query: [("fields", "instagram_business_account")], token: token)
        return GraphAnswer.string(node["instagram_business_account"]?["id"])
    }

    /// Facebook Login: the permissions (`scopes`) a token carries, asked with the token
    /// itself (https://developers.facebook.com/docs/graph-api/reference/debug_token).
    public func tokenScopes(token: GraphAccessToken) async throws(GraphError) -> [String] {
        let answer = try await call(.GET, versioned("debug_token"), query: [("input_token", token.secret)], token: token)
        return answer["data"]?["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The fields the app is subscribed to for `node` (`me` with Instagram Login, the Page
    /// with Facebook Login); nil when the app is not subscribed at all.
    public func subscribedFields(node: String, token: GraphAccessToken) async throws(GraphError) -> [String]? {
        let answer = try await call(.GET, versioned("\(node)/subscribed_apps"), token: token)
        guard let apps = answer["data"]?.arrayValue, let app = apps.first else { return nil }
        return app["subscribed_fields"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// `POST /{node}/subscribed_apps?subscribed_fields=…`
    /// (https://developers.facebook.com/docs/instagram-platform/webhooks).
    public func subscribe(node: String, fields: [String], token: GraphAccessToken) async throws(GraphError) {
        _ = try await call(.POST, versioned("\(node)/subscribed_apps"), query: [("subscribed_fields", fields.joined(separator: ","))], token: token)
    }

    /// `DELETE /{node}/subscribed_apps`: the account gets no webhooks from the app.
    public func unsubscribe(node: String, token: GraphAccessToken) async throws(GraphError) {
        _ = try await call(.DELETE, versioned("\(node)/subscribed_apps"), token: token)
    }

    /// A long-lived Instagram token for 60 more days: `GET /refresh_access_token` (no
    /// version; the token goes in the query, as Meta documents, and the query is never logged)
    /// (https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token).
    public func refreshAccessToken(_ token: GraphAccessToken) async throws(GraphError) -> RefreshedToken {
        let answer = try await call(
            .GET, "/refresh_access_token", query: [("grant_type", "ig_refresh_token"), ("access_token", token.secret)], token: token)
        guard let secret = answer["access_token"]?.stringValue, !secret.isEmpty else {
            throw GraphError(errorClass: .transient, cause: .http, message: "the refresh answer carried no access_token")
        }
        return RefreshedToken(token: GraphAccessToken(secret), expiresIn: GraphAnswer.int(answer["expires_in"]).map { TimeInterval($0) })
    }

    private func versioned(_ path: String) -> String { "/\(configuration.apiVersion)/\(path)" }
}

/// A token Meta's refresh gave, and for how many seconds it works.
public struct RefreshedToken: Sendable {
    public var token: GraphAccessToken
    public var expiresIn: TimeInterval?
}

/// The webhook fields Luagram handles, as Meta names them for each way of connecting.
public enum WebhookFields {
    /// Instagram Login, per account: `POST /me/subscribed_apps`
    /// (https://developers.facebook.com/docs/instagram-platform/webhooks): messages (with
    /// echoes), postbacks, seen, referrals, reactions, handover and standby, comments, live
    /// comments, mentions.
    public static let instagramLogin = [
        "messages", "messaging_postbacks", "messaging_seen", "messaging_referral", "message_reactions", "messaging_handover",
        "standby", "comments", "live_comments", "mentions",
    ]

    /// Facebook Login, per Page: the Page's messaging fields
    /// (https://developers.facebook.com/docs/messenger-platform/webhooks); Instagram's
    /// comments and mentions come through the app's Instagram subscription, not the Page's.
    public static let facebookLogin = [
        "messages", "messaging_postbacks", "message_reads", "messaging_referrals", "message_reactions", "messaging_handovers",
        "standby",
    ]

    /// The permissions a token needs for what Luagram does
    /// (https://developers.facebook.com/docs/instagram-platform/overview).
    public static let instagramLoginPermissions = [
        "instagram_business_basic", "instagram_business_manage_messages", "instagram_business_manage_comments",
    ]
    public static let facebookLoginPermissions = [
        "instagram_basic", "instagram_manage_messages", "instagram_manage_comments", "pages_manage_metadata",
    ]
}
