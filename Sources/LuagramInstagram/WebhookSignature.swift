import Crypto
import Foundation

/// Checks Meta's `X-Hub-Signature-256` header: HMAC-SHA256 of the raw body, keyed with the app
/// secret, as `sha256=<64 hex digits>`.
///
/// It holds a list of secrets because it is not certain which secret signs Instagram-Login
/// webhooks (the Meta app secret or the Instagram app secret), and because a rotated secret
/// must keep verifying until Meta uses the new one. The result says which secret matched, so
/// the operator can pin it and drop the other.
public struct WebhookSignature: Sendable, CustomStringConvertible {
    /// The header Meta signs with.
    public static let headerName = "X-Hub-Signature-256"

    /// Key bytes rather than `SymmetricKey`s, which swift-crypto does not mark Sendable.
    private let keys: [Data]

    /// `secrets` in order of preference; empty secrets are dropped (an empty HMAC key would
    /// accept bodies signed by anyone who guesses it is empty).
    public init(secrets: [String]) {
        keys = secrets.filter { !$0.isEmpty }.map { Data($0.utf8) }
    }

    /// Never the secrets: this value ends up in logs.
    public var description: String { "WebhookSignature(\(keys.count) secret\(keys.count == 1 ? "" : "s"))" }

    /// Checks `header` (the value of `X-Hub-Signature-256`, or nil when absent) against the
    /// body exactly as received.
    public func verify(body: some DataProtocol, header: String?) -> SignatureCheck {
        guard !keys.isEmpty else { return .noSecret }
        guard let header else { return .missingHeader }
        guard let digest = Self.digest(header) else { return .malformedHeader }
        let bytes = Array(body)
        var matched: Int?
        // Every key is tried, so the time taken does not tell which one matched.
        for (index, key) in keys.enumerated() {
            let valid = HMAC<SHA256>.isValidAuthenticationCode(digest, authenticating: bytes, using: SymmetricKey(data: key))
            if valid && matched == nil { matched = index }
        }
        return matched.map { .valid(secretIndex: $0) } ?? .mismatch
    }

    /// The 32 bytes of `sha256=<hex>`. The prefix's case and surrounding spaces are forgiven;
    /// anything else (another algorithm, wrong length, non-hex) is not.
    static func digest(_ header: String) -> [UInt8]? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.count == 71, trimmed.prefix(7).lowercased() == "sha256=" else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var high: UInt8?
        for character in trimmed.utf8.dropFirst(7) {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes.count == 32 ? bytes : nil
    }

    /// The header value Meta would send for `body` signed with `secret`; for tests and for the
    /// local tools that replay captured webhooks.
    public static func header(for body: some DataProtocol, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(body), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}
