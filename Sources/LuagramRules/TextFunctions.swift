import Foundation

/// Unicode-aware text helpers for rules. Lua's own `string.lower` knows only ASCII, and
/// Instagram users write in every language, with accents, capitals and emoji.
public enum TextFunctions {
    /// The longest text the rules' text functions take, in bytes.
    public static let maximumTextBytes = 64 << 10
    /// The most keywords `text.matches` takes in one call, and the longest of them.
    public static let maximumKeywords = 1000
    public static let maximumKeywordBytes = 1000

    /// How `matches` compares a keyword with the text (both folded).
    public enum MatchMode: String, Sendable, CaseIterable {
        /// The whole text is the keyword.
        case `is`
        /// The keyword appears as whole words somewhere in the text.
        case contains
        /// The text begins with the keyword's words.
        case starts
        /// The text ends with the keyword's words.
        case ends
    }

    public static func lower(_ text: String) -> String { text.lowercased() }

    public static func upper(_ text: String) -> String { text.uppercased() }

    /// Case- and accent-insensitive form: "Crème BRÛLÉE" and "creme brulee" fold alike.
    public static func fold(_ text: String) -> String {
        // most messages are ASCII, where folding is lowercasing (and Foundation is slow)
        if isASCII(text) { return text.lowercased() }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    public static func trim(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first of `keywords` found in `text` under `mode`, compared folded and word by
    /// word, so "hi" does not match "this", and "PRÉCIO?" matches the keyword "preco".
    public static func firstMatch(in text: String, keywords: [String], mode: MatchMode) -> String? {
        firstMatch(words(fold(text)), keywords.map { ($0, words(fold($0))) }, mode)
    }

    /// The first keyword whose folded words `words` match under `mode`.
    static func firstMatch(_ words: [Substring], _ keywords: [(keyword: String, words: [Substring])], _ mode: MatchMode)
        -> String?
    {
        for (keyword, wanted) in keywords where !wanted.isEmpty {
            if matches(words, wanted, mode) { return keyword }
        }
        return nil
    }

    private static func matches(_ words: [Substring], _ wanted: [Substring], _ mode: MatchMode) -> Bool {
        switch mode {
        case .is:
            return words == wanted
        case .starts:
            return words.starts(with: wanted)
        case .ends:
            return words.count >= wanted.count && Array(words.suffix(wanted.count)) == wanted
        case .contains:
            guard words.count >= wanted.count else { return false }
            for start in 0...(words.count - wanted.count) where words[start] == wanted[0] {
                if Array(words[start..<start + wanted.count]) == wanted { return true }
            }
            return false
        }
    }

    /// Runs of letters, digits and emoji; punctuation and spaces separate words.
    static func words(_ text: String) -> [Substring] {
        if isASCII(text) {
            return text.utf8.split { !isASCIIWordByte($0) }.map { Substring($0) }
        }
        return text.split { character in
            if let ascii = character.asciiValue { return !isASCIIWordByte(ascii) }
            return !(character.isLetter || character.isNumber
                || character.unicodeScalars.contains { $0.properties.isEmoji && $0.value > 0x238C })
        }
    }

    private static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
