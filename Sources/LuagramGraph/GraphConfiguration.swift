/// Where the Send API lives and how long one call may take: Meta's hosts in production, a
/// fake server on 127.0.0.1 in tests and demos.
public struct GraphConfiguration: Sendable, Hashable {
    /// Scheme and host, without a trailing slash (`https://graph.instagram.com`).
    public var baseURL: String
    /// The Graph API version in every path (`v25.0`).
    public var apiVersion: String
    /// The whole call's budget: connecting, sending, waiting and reading the answer. A sender
    /// must never hang on Meta, so there is no "no timeout".
    public var timeout: Duration

    public init(baseURL: String, apiVersion: String = GraphConfiguration.defaultAPIVersion, timeout: Duration = .seconds(15)) {
        // A trailing slash would double up with the path's leading one.
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiVersion = apiVersion
        self.timeout = timeout
    }

    /// The version Meta's 2026 Instagram Login pages use
    /// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api).
    public static let defaultAPIVersion = "v25.0"

    /// Instagram API with Instagram Login: Instagram user tokens, `graph.instagram.com` (same
    /// page).
    public static let instagramLogin = GraphConfiguration(baseURL: "https://graph.instagram.com")

    /// Messenger API for Instagram (Facebook Login): Page tokens, `graph.facebook.com`, and the
    /// Page id as the sending node
    /// (https://developers.facebook.com/documentation/business-messaging/instagram-messaging/features/send-message).
    public static let facebookLogin = GraphConfiguration(baseURL: "https://graph.facebook.com")
}
