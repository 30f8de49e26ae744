import Crypto
import Foundation
import LuagramGraph

/// Seals tokens before they reach the database and opens them after: AES-256-GCM with the key
/// from `LUAGRAM_TOKEN_KEY` (32 bytes, as base64 or 64 hex digits). The account id is
/// authenticated with each token, so a sealed token copied onto another account's row does
/// not open. Without a key Luagram refuses to store or read tokens rather than keep them in
/// clear.
public struct TokenVault: Sendable {
    /// The environment variable the key is read from.
    public static let environmentKey = "LUAGRAM_TOKEN_KEY"

    /// The key's bytes: `SymmetricKey` is not `Sendable`, so one is made for each use.
    private let keyBytes: Data
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// - Parameter keyText: 32 bytes as base64, or as 64 hexadecimal digits.
    public init(keyText: String) throws(TokenVaultError) {
        let text = keyText.trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes: Data
        if text.count == 64, let hex = Self.hexBytes(text) {
            bytes = hex
        } else if let decoded = Data(base64Encoded: text) {
            bytes = decoded
        } else {
            throw .unreadableKey
        }
        guard bytes.count == 32 else { throw .wrongKeyLength(bytes.count) }
        keyBytes = bytes
    }

    /// The vault of `LUAGRAM_TOKEN_KEY`, or nil when the variable is unset or empty.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(TokenVaultError)
        -> TokenVault?
    {
        guard let text = environment[environmentKey], !text.isEmpty else { return nil }
        return try TokenVault(keyText: text)
    }

    /// Nonce, ciphertext and tag in one value (`AES.GCM.SealedBox.combined`).
    public func seal(_ token: GraphAccessToken, account: String) throws(TokenVaultError) -> Data {
        do {
            let box = try AES.GCM.seal(Data(token.secret.utf8), using: key, authenticating: Data(account.utf8))
            guard let combined = box.combined else { throw TokenVaultError.cannotOpen }
            return combined
        } catch {
            throw .cannotOpen
        }
    }

    public func open(_ sealed: Data, account: String) throws(TokenVaultError) -> GraphAccessToken {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            let plain = try AES.GCM.open(box, using: key, authenticating: Data(account.utf8))
            return GraphAccessToken(String(decoding: plain, as: UTF8.self))
        } catch {
            throw .cannotOpen
        }
    }

    private static func hexBytes(_ text: String) -> Data? {
        var bytes = Data()
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

/// Why a token could not be sealed or opened. Never carries the key or the token.
public enum TokenVaultError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadableKey
    case wrongKeyLength(Int)
    /// No key: Luagram will not keep tokens in clear.
    case missingKey
    /// The key is not the one the token was sealed with, or the row was tampered with.
    case cannotOpen

    public var description: String {
        switch self {
        case .unreadableKey:
            "\(TokenVault.environmentKey) is neither base64 nor 64 hex digits (make one with: openssl rand -base64 32)"
        case .wrongKeyLength(let count):
            "\(TokenVault.environmentKey) holds \(count) bytes; AES-256 needs 32 (make one with: openssl rand -base64 32)"
        case .missingKey:
            "\(TokenVault.environmentKey) is not set: tokens are kept encrypted, and there is no key (make one with: openssl rand -base64 32)"
        case .cannotOpen:
            "a stored token does not open with \(TokenVault.environmentKey): the key differs from the one it was sealed with"
        }
    }
}
