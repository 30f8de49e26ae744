extension GraphErrorClass {
    /// The class of one of Meta's errors, from its code, subcode, HTTP status and, for codes
    /// this table does not know, Meta's own `is_transient` flag.
    ///
    /// The most specific entry wins: code and subcode, then the subcode alone (Meta's
    /// subcodes name one situation whatever code they come with), then the code, then the
    /// HTTP status. The codes and their meanings are Meta's: the Messenger Platform's error
    /// codes, which Instagram messaging shares
    /// (https://developers.facebook.com/documentation/business-messaging/messenger-platform/error-codes),
    /// Graph API error handling (https://developers.facebook.com/docs/graph-api/guides/error-handling)
    /// and, for throttling, https://developers.facebook.com/docs/graph-api/overview/rate-limiting.
    /// The classes are Luagram's; codes known only from integrators are marked "observed" and
    /// explained in docs/meta-graph-api.md ("Errors").
    public static func classify(code: Int?, subcode: Int?, httpStatus: Int, isTransient: Bool? = nil) -> GraphErrorClass {
        if let code, let subcode, let known = exact(code: code, subcode: subcode) { return known }
        if let subcode, let known = bySubcode(subcode) { return known }
        if let code, let known = byCode(code) { return known }
        if isTransient == true { return .transient }
        switch httpStatus {
        case 500...599: return .transient
        case 429: return .throttled
        case 401: return .reauthenticate
        default: return .rejected
        }
    }

    private static func exact(code: Int, subcode: Int) -> GraphErrorClass? {
        switch (code, subcode) {
        // Outside the messaging window (Instagram; Messenger; news messaging).
        case (10, 2534022), (10, 2018278), (10, 2018065): .permanentForContact
        // This user can't receive your messages right now.
        case (10, 2018108): .permanentForContact
        // The account connection cannot be verified (2FA): reconnect.
        case (10, 2534077): .reauthenticate
        // No matching user; no matching Instagram user (invalid IGSID).
        case (100, 2018001), (100, 2534014): .permanentForContact
        // The comment is invalid for a private reply (answered, too old, live over).
        case (100, 2534025): .permanentForContact
        // Not the thread owner (handover / conversation routing).
        case (100, 2534037): .permanentForContact
        // Page not linked to Instagram (Meta's meaning; one integrator reads it as the
        // private-reply limit, see the doc); business blocked from the messaging API.
        case (100, 2534013), (100, 2534029): .configuration
        // The person isn't available (with 200 and with 551).
        case (200, 1545041), (551, 1545041): .permanentForContact
        // The owner switched off access to messages for connected tools.
        case (200, 2534041): .configuration
        default: nil
        }
    }

    private static func bySubcode(_ subcode: Int) -> GraphErrorClass? {
        switch subcode {
        // Observed: the thread was archived or deleted by the owner.
        case 2534001: .permanentForContact
        // The person isn't available right now, whichever code carries it.
        case 1545041: .permanentForContact
        // Instagram messaging's own rate limit.
        case 2534040: .throttled
        default: nil
        }
    }

    private static func byCode(_ code: Int) -> GraphErrorClass? {
        switch code {
        // 1 (and 1/99) unknown error — retry once, then alert; 2 (and 2/1545133, observed)
        // temporary.
        case 1, 2: .transient
        // The app lacks the capability (wrong node for the login type).
        case 3: .configuration
        // Throttling, any subcode (613/1996, 613/2534040, 613/2018338, …).
        case 4, 17, 32, 613, 80001, 80002, 80006: .throttled
        // Permission denied; 10/1893063 — the account is restricted from sending.
        case 10: .configuration
        // Invalid parameter, media not fetched or too large, invalid payload.
        case 100: .rejected
        // The token is invalid, expired or revoked; subcodes 458, 459, 460, 463, 464,
        // 467, 492 say why, and all mean the same to the sender.
        case 190: .reauthenticate
        // Permission error (app not live, not reviewed).
        case 200: .configuration
        // Temporarily blocked for policy violations; account not eligible for the API.
        case 368, 36103: .configuration
        // This person isn't receiving messages from you.
        case 551: .permanentForContact
        // Another app controls the thread.
        case 2018300: .permanentForContact
        // An automated Q&A flow controls the thread for now: retry later.
        case 2018321: .transient
        // The message was deleted (a reaction to it cannot be sent).
        case 9000001: .rejected
        default: nil
        }
    }
}
