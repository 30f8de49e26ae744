/// Asks Meta who a contact is: the User Profile API's name and username for an
/// Instagram-scoped id
/// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/user-profile).
///
/// Read-only; the engine calls it off the webhook path, with a deadline, and caches what it
/// learns, so an implementation need neither cache nor retry.
public protocol ProfileLookup: Sendable {
    /// The contact's profile as the account sees it; throws `ProfileLookupError`.
    func profile(account: String, contact: String) async throws(ProfileLookupError) -> ContactProfile
}

/// What the User Profile API says about a contact. Meta documents `name` as possibly null
/// (a user who set none); absent and null mean the same here.
public struct ContactProfile: Sendable, Hashable {
    public var name: String?
    public var username: String?

    public init(name: String?, username: String?) {
        self.name = name
        self.username = username
    }
}

/// Why a profile could not be read, as far as deciding when to ask again goes.
public enum ProfileLookupError: Error, Sendable, Hashable {
    /// Meta's error 230: the contact has not consented yet (never wrote to the account, or
    /// only commented); asking again before they write is pointless.
    case noConsent
    /// Meta is rate-limiting the app or account; `retryAfter` seconds when Meta said.
    case throttled(retryAfter: Double?)
    /// The account's token is refused (190): nothing will work until it is renewed.
    case tokenRefused
    /// Anything else: Meta refused this one call, or the network failed.
    case failed(String)
}
