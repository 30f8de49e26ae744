import Foundation
import LuagramApp
import LuagramGraph
import Testing

@Suite("Token vault")
struct TokenVaultTests {
    static let hexKey = String(repeating: "0f", count: 32)

    @Test("a sealed token opens with its key and account only, and each sealing differs")
    func sealAndOpen() throws {
        let vault = try TokenVault(keyText: Self.hexKey)
        let token = GraphAccessToken("IGAA-secret-token")
        let sealed = try vault.seal(token, account: "1")
        #expect(sealed != (try vault.seal(token, account: "1")))
        #expect(try vault.open(sealed, account: "1") == token)
        #expect(throws: TokenVaultError.cannotOpen) { try vault.open(sealed, account: "2") }
        let base64 = try TokenVault(keyText: Data(repeating: 0x0f, count: 32).base64EncodedString())
        #expect(try base64.open(sealed, account: "1") == token)
        let other = try TokenVault(keyText: String(repeating: "0e", count: 32))
        #expect(throws: TokenVaultError.cannotOpen) { try other.open(sealed, account: "1") }
    }

    @Test("keys that are not 32 bytes of base64 or hex are refused")
    func badKeys() throws {
        #expect(throws: TokenVaultError.unreadableKey) { try TokenVault(keyText: "not a key!") }
        #expect(throws: TokenVaultError.wrongKeyLength(16)) { try TokenVault(keyText: Data(count: 16).base64EncodedString()) }
        #expect(try TokenVault.fromEnvironment([:]) == nil)
    }
}
