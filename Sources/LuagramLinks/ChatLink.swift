/// An ig.me link that opens a direct-message thread with an Instagram account, optionally
/// carrying a `ref` that comes back in the webhook's `referral` (which ad, poster or page
/// the customer came from).
///
/// Validation happens here, once, so that everything built from a link (the printed URL,
/// its QR code, the website widget) can trust it: Meta silently drops a ref it does not
/// like, and a customer who scans a broken code never reaches the inbox.
public struct ChatLink: Sendable, Hashable {
    /// Instagram's limit on a username.
    public static let maximumUsernameLength = 30
    /// Meta's documented limit on the `ref` of an ig.me link.
    public static let maximumRefLength = 2_083

    /// The account's username, without a leading `@`.
    public let username: String
    /// What the link tells the webhook about where the customer came from.
    public let ref: String?

    /// Checks `username` (a leading `@` is accepted and dropped) and `ref`.
    public init(username: String, ref: String? = nil) throws(ChatLinkError) {
        let name = username.hasPrefix("@") ? String(username.dropFirst()) : username
        try Self.check(username: name)
        if let ref { try Self.check(ref: ref) }
        self.username = name
        self.ref = ref
    }

    /// `https://ig.me/m/USERNAME`, with `?ref=REF` when there is a ref. Both parts are
    /// made only of URL-safe characters, so nothing needs percent-encoding.
    public var url: String {
        let base = "https://ig.me/m/" + username
        guard let ref else { return base }
        return base + "?ref=" + ref
    }

    static func check(username: String) throws(ChatLinkError) {
        if username.isEmpty { throw .emptyUsername }
        for scalar in username.unicodeScalars where !Self.isUsernameScalar(scalar) {
            throw .usernameCharacter(username: username, character: Character(scalar))
        }
        // Counted after the character check, so that every scalar is one ASCII character.
        if username.utf8.count > maximumUsernameLength {
            throw .usernameTooLong(username: username, length: username.utf8.count)
        }
    }

    static func check(ref: String) throws(ChatLinkError) {
        if ref.isEmpty { throw .emptyRef }
        // Length first: Meta's limit is what a marketer most likely hits with a generated ref.
        if ref.count > maximumRefLength { throw .refTooLong(length: ref.count) }
        for (offset, scalar) in ref.unicodeScalars.enumerated() where !Self.isRefScalar(scalar) {
            throw .refCharacter(character: Character(scalar), offset: offset)
        }
    }

    static func isUsernameScalar(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || scalar == "." || scalar == "_"
    }

    static func isRefScalar(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || scalar == "-" || scalar == "_" || scalar == "="
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        default: false
        }
    }
}
