import LuagramDomain

/// Text length: at most `maxTextBytes` UTF-8 bytes per message, a longer text split at word
/// boundaries into at most `maxTextParts` messages, else refused.
///
/// Meta's send page: text is UTF-8 and at most 1000 bytes
/// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api).
enum TextRule {
    static func parts(of text: String, limits: PolicyLimits) throws(Refusal) -> [String] {
        guard let parts = split(text, maxBytes: limits.maxTextBytes, maxParts: limits.maxTextParts) else {
            throw Refusal(.textTooLong)
        }
        return parts
    }

    /// Splits `text` into pieces of at most `maxBytes` UTF-8 bytes, or nil if that takes
    /// more than `maxParts` pieces.
    ///
    /// It walks whole `Character`s (grapheme clusters), so a cut never falls inside a
    /// multi-byte scalar, an emoji sequence or a letter with its accents. It cuts at the
    /// last whitespace that fits and drops the whitespace around the cut; a single word
    /// longer than a message (a long URL) is cut at the last character that fits, since a
    /// broken word beats a refused message. A text that fits is returned untouched.
    static func split(_ text: String, maxBytes: Int, maxParts: Int) -> [String]? {
        if text.utf8.count <= maxBytes { return [text] }
        var parts: [String] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop(while: \.isWhitespace)
            if rest.isEmpty { break }
            if parts.count == maxParts { return nil }
            if rest.utf8.count <= maxBytes {
                parts.append(String(rest))
                break
            }
            var bytes = 0
            var end = rest.startIndex
            var lastSpace: Substring.Index?
            while end < rest.endIndex {
                let size = rest[end].utf8.count
                if bytes + size > maxBytes { break }
                if rest[end].isWhitespace { lastSpace = end }
                bytes += size
                end = rest.index(after: end)
            }
            let cut: Substring.Index
            if end < rest.endIndex, rest[end].isWhitespace {
                cut = end
            } else if let lastSpace, lastSpace > rest.startIndex {
                cut = lastSpace
            } else {
                cut = end
            }
            // One grapheme larger than a whole message: nothing can carry it.
            guard cut > rest.startIndex else { return nil }
            var part = rest[..<cut]
            while let last = part.last, last.isWhitespace { part.removeLast() }
            parts.append(String(part))
            rest = rest[cut...]
        }
        return parts
    }
}
