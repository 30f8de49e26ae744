import LuagramDomain
/// Why a POST body is not a webhook at all, so nothing in it can be decoded.
///
/// Errors inside a well-formed body are `WebhookItemError`s instead: they cost one item, not
/// the batch.
public enum WebhookBodyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not JSON (truncated, invalid UTF-8, …) or break a `WebhookLimits` bound.
    case invalidJSON(JSONSyntaxError)
    /// JSON, but not shaped like a webhook: not an object, no `object`, no `entry` array.
    case notAWebhook(String)
    /// A webhook for another product (`"page"`, `"whatsapp_business_account"`, …).
    case unexpectedObject(String)

    public var description: String {
        switch self {
        case .invalidJSON(let error): "not a webhook body: invalid JSON: \(error)"
        case .notAWebhook(let reason): "not a webhook body: \(reason)"
        case .unexpectedObject(let object): "not an Instagram webhook: \"object\" is \"\(object)\", expected \"instagram\""
        }
    }
}
