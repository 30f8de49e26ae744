import Foundation
import LuagramDomain

/// One Send API call as a value: which account sends, through which node, and the exact JSON
/// body. Building it is pure, so the body a test expects and the bytes on the wire are the
/// same thing; `GraphClient` only adds the host, the version and the token.
public struct GraphRequest: Sendable, Hashable {
    /// The Instagram professional account id (with Facebook Login: the Page id) whose token
    /// the call uses.
    public var account: String
    /// Which node the path names.
    public var node: GraphNode
    /// The JSON body, keys sorted, no whitespace.
    public var body: Data

    public init(account: String, node: GraphNode = .account, body: Data) {
        self.account = account
        self.node = node
        self.body = body
    }

    /// `/{version}/{id}/messages` or `/{version}/me/messages`, for messages, sender actions and
    /// reactions alike (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api;
    /// with Facebook Login the id is the Page's, see `GraphNode`).
    public func path(apiVersion: String) -> String {
        switch node {
        case .account: "/\(apiVersion)/\(account)/messages"
        case .me: "/\(apiVersion)/me/messages"
        case .page(let page): "/\(apiVersion)/\(page)/messages"
        }
    }

    /// The body as text, for logs of tests and for comparing with an expected JSON string.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// The node a Send API path names. Both work with Instagram Login; with Facebook Login the
/// account id must be the Page id, as private replies fail on the Instagram node with `(#3)`
/// (observed by integrators: https://github.com/ChatbotXIO/ChatbotX/pull/1122).
public enum GraphNode: Sendable, Hashable {
    /// `/{account}/messages`: explicit, and the same path whichever token is used.
    case account
    /// `/me/messages`: the node the token belongs to.
    case me
    /// `/{page}/messages`: the Page linked to the account, for Facebook Login.
    case page(String)

    /// The id a path names for `account` (the Conversations API's owner too).
    func owner(for account: String) -> String {
        switch self {
        case .account: account
        case .me: "me"
        case .page(let page): page
        }
    }
}

/// How an account is connected to the app, which decides the host, the token and the node
/// of its calls (https://developers.facebook.com/docs/instagram-platform/overview).
public enum GraphLogin: Sendable, Hashable {
    /// Instagram API with Instagram Login: the account's Instagram user token, sent to
    /// graph.instagram.com through the account's own node.
    case instagram
    /// Messenger API for Instagram: the linked Page's token, sent to graph.facebook.com
    /// through the Page's node. Private replies fail on the account's node with
    /// `(#3) Application does not have the capability to make this API call`, as integrators
    /// observed (docs/meta-graph-api.md).
    case facebook(page: String)
}

/// Who receives a message: a contact by id, or a comment by `comment_id`
/// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/private-replies).
public enum GraphRecipient: Sendable, Hashable {
    /// A contact by Instagram-scoped id (IGSID): a normal direct message.
    case user(String)
    /// The author of a comment: a private reply, at most one per comment.
    case comment(String)
}

/// The `sender_action` values that show state in the conversation
/// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/sender-actions).
public enum GraphSenderAction: String, Sendable, Hashable, CaseIterable {
    case typingOn = "typing_on"
    case typingOff = "typing_off"
    case markSeen = "mark_seen"
}
