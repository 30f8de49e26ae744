import Foundation
import Testing

@testable import LuagramInstagram

@Suite("X-Hub-Signature-256")
struct SignatureTests {
    static let body = Array(#"{"object":"instagram","entry":[{"id":"1","time":1,"messaging":[]}]}"#.utf8)
    static let verifier = WebhookSignature(secrets: ["meta-app-secret", "instagram-app-secret"])

    @Test("a body signed with the first secret is valid and says so")
    func firstSecret() {
        let header = WebhookSignature.header(for: Self.body, secret: "meta-app-secret")
        #expect(Self.verifier.verify(body: Self.body, header: header) == .valid(secretIndex: 0))
    }

    @Test("a body signed with the second secret (rotation, or the other app secret) is valid too")
    func secondSecret() {
        let header = WebhookSignature.header(for: Self.body, secret: "instagram-app-secret")
        #expect(Self.verifier.verify(body: Self.body, header: header) == .valid(secretIndex: 1))
    }

    @Test("a known HMAC-SHA256 test vector (RFC 4231 case 2) is computed and accepted")
    func knownVector() {
        let body = Array("what do ya want for nothing?".utf8)
        let header = "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(WebhookSignature.header(for: body, secret: "Jefe") == header)
        #expect(WebhookSignature(secrets: ["Jefe"]).verify(body: body, header: header).isValid)
        #expect(WebhookSignature(secrets: ["Jefe"]).verify(body: body, header: header.uppercased()).isValid)
    }

    @Test("a body signed with another secret, or changed after signing, is a mismatch")
    func wrongSecret() {
        let header = WebhookSignature.header(for: Self.body, secret: "someone-else")
        #expect(Self.verifier.verify(body: Self.body, header: header) == .mismatch)
        let signed = WebhookSignature.header(for: Self.body, secret: "meta-app-secret")
        #expect(Self.verifier.verify(body: Self.body + [0x20], header: signed) == .mismatch)
    }

    @Test("a body re-serialised differently from the signed bytes does not verify")
    func escapedUnicode() {
        // Meta signs the escaped form; HMAC must run on the raw bytes, never on re-encoded JSON.
        let escaped = Array(#"{"text":"\u00e4"}"#.utf8)
        let decoded = Array(#"{"text":"ä"}"#.utf8)
        let header = WebhookSignature.header(for: escaped, secret: "meta-app-secret")
        #expect(Self.verifier.verify(body: escaped, header: header).isValid)
        #expect(Self.verifier.verify(body: decoded, header: header) == .mismatch)
    }

    @Test("a header without the sha256= prefix, or another algorithm, is malformed")
    func missingPrefix() {
        let header = WebhookSignature.header(for: Self.body, secret: "meta-app-secret")
        let hex = String(header.dropFirst(7))
        #expect(Self.verifier.verify(body: Self.body, header: hex) == .malformedHeader)
        #expect(Self.verifier.verify(body: Self.body, header: "sha1=" + hex) == .malformedHeader)
        #expect(Self.verifier.verify(body: Self.body, header: "SHA256=" + hex).isValid)
        #expect(Self.verifier.verify(body: Self.body, header: " " + header + " ").isValid)
    }

    @Test("a digest of the wrong length or with non-hex digits is malformed", arguments: [0, 1, 63, 65, 128])
    func wrongLength(_ length: Int) {
        let header = "sha256=" + String(repeating: "a", count: length)
        #expect(Self.verifier.verify(body: Self.body, header: header) == .malformedHeader)
    }

    @Test("non-hex digits are malformed")
    func nonHex() {
        let header = "sha256=" + String(repeating: "g", count: 64)
        #expect(Self.verifier.verify(body: Self.body, header: header) == .malformedHeader)
        #expect(Self.verifier.verify(body: Self.body, header: "sha256=" + String(repeating: "é", count: 64)) == .malformedHeader)
    }

    @Test("a missing header is reported as missing")
    func missingHeader() {
        #expect(Self.verifier.verify(body: Self.body, header: nil) == .missingHeader)
        #expect(Self.verifier.verify(body: Self.body, header: "") == .malformedHeader)
    }

    @Test("an empty body verifies only with its own signature")
    func emptyBody() {
        let empty: [UInt8] = []
        let header = WebhookSignature.header(for: empty, secret: "meta-app-secret")
        #expect(Self.verifier.verify(body: empty, header: header).isValid)
        let other = WebhookSignature.header(for: Self.body, secret: "meta-app-secret")
        #expect(Self.verifier.verify(body: empty, header: other) == .mismatch)
        #expect(Self.verifier.verify(body: Data(), header: header).isValid)
    }

    @Test("without a secret nothing verifies, and empty secrets do not count")
    func noSecret() {
        let header = WebhookSignature.header(for: Self.body, secret: "")
        #expect(WebhookSignature(secrets: []).verify(body: Self.body, header: header) == .noSecret)
        #expect(WebhookSignature(secrets: [""]).verify(body: Self.body, header: header) == .noSecret)
    }

    @Test("the verifier's description never shows a secret")
    func description() {
        #expect(Self.verifier.description == "WebhookSignature(2 secrets)")
        #expect(!"\(Self.verifier)".contains("secret-"))
    }
}
