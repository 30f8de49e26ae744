import Crypto
import Foundation

/// Compares a secret (a verify token, an agent token) with a guess without telling, through
/// the time it takes, how much of the guess was right or how long the secret is: both are
/// reduced to HMACs under a key of this process, and swift-crypto compares the codes in
/// constant time.
public enum SecretComparison {
    private static let keyBytes: [UInt8] = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }

    /// Whether `guess` is `secret`; an empty secret matches nothing.
    public static func matches(_ guess: some DataProtocol, _ secret: some DataProtocol) -> Bool {
        guard !secret.isEmpty else { return false }
        let key = SymmetricKey(data: keyBytes)
        let code = HMAC<SHA256>.authenticationCode(for: secret, using: key)
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: guess, using: key)
    }
}
