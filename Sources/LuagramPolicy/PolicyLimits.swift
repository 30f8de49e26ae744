import Foundation

/// The numbers the policy enforces, with Meta's values as defaults. Configurable because
/// Meta's pages disagree on some and change others. The pages: messaging
/// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api),
/// private replies (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/private-replies),
/// quick replies (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/quick-replies)
/// and the Send API's tags (https://developers.facebook.com/docs/messenger-platform/reference/send-api).
public struct PolicyLimits: Sendable, Hashable {
    /// The standard messaging window (the messaging page). The window is half-open:
    /// a contact who wrote at t may be answered while now < t + 24 h, so at exactly 24 h it
    /// is closed (the safe side of "within 24 hours").
    public var standardWindow: TimeInterval
    /// How long after the contact's last message a human agent may still answer with the
    /// HUMAN_AGENT tag (the Send API's tags); half-open like `standardWindow`.
    public var humanAgentWindow: TimeInterval
    /// How long after a comment its private reply may go (the private replies page); half-open.
    public var privateReplyWindow: TimeInterval
    /// Longest text of one message in UTF-8 bytes (the messaging page; pages say "1000 bytes"
    /// or "1000 characters", and bytes are the stricter).
    public var maxTextBytes: Int
    /// Into how many messages a long text may be split before it is refused. Three: enough
    /// for a long answer, few enough that a rule cannot flood a contact.
    public var maxTextParts: Int
    /// Quick replies per message (the quick replies page).
    public var maxQuickReplies: Int
    /// Longest quick-reply title in user-perceived characters (grapheme clusters); Meta
    /// truncates beyond it (the quick replies page), the policy refuses instead so nothing is
    /// cut silently.
    public var maxQuickReplyTitleCharacters: Int
    /// Largest image sent as an attachment: Meta's "8 MB" ("Media limits",
    /// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api)
    /// read as 8,000,000 bytes, as it does not say binary, and the smaller reading is safe.
    public var maxImageBytes: Int
    /// The image types sent as attachments (the same table: png, jpeg; gif only in older
    /// versions of it, see docs/meta-graph-api.md).
    public var imageContentTypes: Set<String>
    /// How long a handoff lasts without an agent writing before automation resumes; nil
    /// keeps it until it is released. Not a Meta rule: Luagram's own, so a forgotten
    /// handoff does not silence the rules forever.
    public var handoffTimeout: TimeInterval?
    /// The account's Send API rate limits.
    public var rate: RateLimits
    /// Whether agents may answer between 24 hours and 7 days with the HUMAN_AGENT tag.
    /// The tag needs Meta's Human Agent permission (App Review,
    /// https://developers.facebook.com/docs/instagram-platform/overview); an
    /// app without it gets an error on every tagged send, so it turns the tag off and such
    /// messages are refused with `human_agent_disabled` instead.
    public var humanAgentTag: Bool

    public init(
        standardWindow: TimeInterval = 24 * 3600,
        humanAgentWindow: TimeInterval = 7 * 24 * 3600,
        privateReplyWindow: TimeInterval = 7 * 24 * 3600,
        maxTextBytes: Int = 1000,
        maxTextParts: Int = 3,
        maxQuickReplies: Int = 13,
        maxQuickReplyTitleCharacters: Int = 20,
        maxImageBytes: Int = 8_000_000,
        imageContentTypes: Set<String> = ["image/png", "image/jpeg"],
        handoffTimeout: TimeInterval? = 24 * 3600,
        rate: RateLimits = RateLimits(),
        humanAgentTag: Bool = true
    ) {
        self.standardWindow = standardWindow
        self.humanAgentWindow = humanAgentWindow
        self.privateReplyWindow = privateReplyWindow
        self.maxTextBytes = maxTextBytes
        self.maxTextParts = maxTextParts
        self.maxQuickReplies = maxQuickReplies
        self.maxQuickReplyTitleCharacters = maxQuickReplyTitleCharacters
        self.maxImageBytes = maxImageBytes
        self.imageContentTypes = imageContentTypes
        self.handoffTimeout = handoffTimeout
        self.rate = rate
        self.humanAgentTag = humanAgentTag
    }
}
