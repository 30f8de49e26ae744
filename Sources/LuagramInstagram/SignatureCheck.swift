/// The outcome of a signature check; only `valid` may let a body in.
public enum SignatureCheck: Sendable, Hashable {
    /// Signed with the secret at this index of the list given to `WebhookSignature`.
    case valid(secretIndex: Int)
    /// No `X-Hub-Signature-256` header.
    case missingHeader
    /// A header that is not `sha256=` and 64 hex digits.
    case malformedHeader
    /// Well-formed, but no accepted secret produced it.
    case mismatch
    /// No secret is configured, so nothing can be verified.
    case noSecret

    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }
}
