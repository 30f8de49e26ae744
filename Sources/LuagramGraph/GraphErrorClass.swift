/// What a failed Graph call means for the sender: whom to stop, whether to retry, whom to
/// tell. The code → class table lives in `GraphErrorClass+Meta.swift`.
public enum GraphErrorClass: String, Sendable, Hashable, CaseIterable {
    /// This contact (or comment) cannot be messaged now: outside the window, blocked,
    /// unavailable, unknown, comment already answered. Do not retry; the rest of the account
    /// goes on.
    case permanentForContact = "permanent_for_contact"
    /// The account's token is invalid, expired or revoked: stop the account until it is
    /// re-authorised.
    case reauthenticate
    /// The app or account is not set up to send (permission, capability, access switched off,
    /// restriction): stop the account and tell a person.
    case configuration
    /// Meta is rate-limiting the app or account: pause the account, for `retryAfter` when
    /// Meta says how long.
    case throttled
    /// Meta or the network failed this time: retry with backoff.
    case transient
    /// Meta refused this one call (bad parameter, media it could not fetch, an unknown code):
    /// do not retry it, but neither the contact nor the account is affected.
    ///
    /// Not in the list: without it an unknown 4xx would have to be guessed into a
    /// class that either retries a request that can never succeed or stops a whole account.
    case rejected

    /// Whether sending the same call again later can succeed without anyone changing anything.
    public var isRetryable: Bool {
        self == .throttled || self == .transient
    }
}
