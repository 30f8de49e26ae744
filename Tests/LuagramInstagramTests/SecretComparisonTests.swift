import LuagramInstagram
import Testing

@Suite("Comparing secrets")
struct SecretComparisonTests {
    @Test("only the secret itself matches: not a prefix, not an extension, not a length 256 bytes off")
    func onlyTheSecretMatches() {
        let secret = Array("agent-token-1".utf8)
        #expect(SecretComparison.matches(secret, secret))
        #expect(!SecretComparison.matches(Array(secret.dropLast()), secret))
        #expect(!SecretComparison.matches(secret + [0], secret))
        // the agent API's old comparison folded the lengths' difference into one byte
        #expect(!SecretComparison.matches(secret + Array(repeating: 0, count: 256), secret))
        #expect(!SecretComparison.matches([UInt8](), [UInt8]()))
    }
}
