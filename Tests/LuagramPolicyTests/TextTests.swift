import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport
import Testing

/// One row of the text table: a text and the messages it must become (nil: refused).
struct TextCase: Sendable, CustomTestStringConvertible {
    var label: String
    var text: String
    var parts: [String]?

    var testDescription: String { label }
}

@Suite("Text length")
struct TextTests {
    static func a(_ n: Int) -> String { String(repeating: "a", count: n) }
    /// `n` words of "word" separated by spaces: 5n − 1 bytes.
    static func words(_ n: Int) -> String { Array(repeating: "word", count: n).joined(separator: " ") }

    static let cases: [TextCase] = [
        TextCase(label: "1000 ASCII bytes stay one message", text: a(1000), parts: [a(1000)]),
        TextCase(label: "998 bytes and an é (1000 bytes) stay one message", text: a(998) + "é", parts: [a(998) + "é"]),
        TextCase(label: "999 bytes and an é (1001 bytes) are cut before the é, not inside it", text: a(999) + "é", parts: [a(999), "é"]),
        TextCase(
            label: "an e with a combining accent at the boundary stays whole", text: a(998) + "e\u{301}", parts: [a(998), "e\u{301}"]),
        TextCase(label: "an emoji with a skin tone across the boundary stays whole", text: a(996) + "👍🏽", parts: [a(996), "👍🏽"]),
        TextCase(label: "an emoji whose 4 bytes end exactly at 1000 stays in the first part", text: a(996) + "😀" + "b", parts: [a(996) + "😀", "b"]),
        TextCase(label: "1001 bytes of words are split at the last space that fits", text: words(200) + " a", parts: [words(200), "a"]),
        TextCase(label: "a text needing 3 messages is split into 3", text: words(600), parts: [words(200), words(200), words(200)]),
        TextCase(label: "a text needing 4 messages is refused", text: words(601), parts: nil),
        TextCase(label: "a single character larger than a message is refused", text: "e" + String(repeating: "\u{301}", count: 500), parts: nil),
    ]

    @Test("text over 1000 bytes is split at word boundaries into at most 3 messages, never inside a character", arguments: cases)
    func split(_ row: TextCase) {
        let decision = Policy().decide(request(.reply(OutgoingMessage(text: row.text))), at: t0)
        guard let parts = row.parts else {
            #expect(decision == .refuse(.textTooLong))
            return
        }
        #expect(decision.messages == parts.map { OutgoingMessage(text: $0) })
        #expect(decision.messages?.allSatisfy { ($0.text?.utf8.count ?? 0) <= 1000 } == true)
        #expect(decision.conversions == (parts.count > 1 ? [.textSplit(parts: parts.count)] : []))
    }

    @Test(
        "splitting keeps every multi-byte word whole",
        arguments: [
            Array(repeating: "héllo 👋", count: 120).joined(separator: " "),
            Array(repeating: "日本語のテキスト", count: 100).joined(separator: " "),
            Array(repeating: "👨‍👩‍👧‍👦 🇵🇹 e\u{301}", count: 60).joined(separator: " "),
        ])
    func wordsStayWhole(_ text: String) throws {
        #expect(text.utf8.count > 1000)
        let decision = Policy().decide(request(.reply(OutgoingMessage(text: text))), at: t0)
        let parts = try #require(decision.messages).compactMap(\.text)
        #expect(parts.count > 1 && parts.count <= 3)
        #expect(parts.allSatisfy { $0.utf8.count <= 1000 })
        // Joining the parts with the space each cut removed gives back the text, scalar for
        // scalar: no word, character or scalar was cut.
        #expect(Array(parts.joined(separator: " ").unicodeScalars) == Array(text.unicodeScalars))
    }

    @Test(
        "an empty message is refused",
        arguments: [
            OutgoingMessage(), OutgoingMessage(text: ""), OutgoingMessage(text: " \n\t"), OutgoingMessage(image: ""),
            OutgoingMessage(quickReplies: [QuickReply(title: "Yes", payload: "Y")]),
        ])
    func empty(_ message: OutgoingMessage) {
        #expect(Policy().decide(request(.reply(message)), at: t0) == .refuse(.emptyMessage))
        #expect(Policy().decide(request(.privateReply(message), answering: comment()), at: t0) == .refuse(.emptyMessage))
    }
}

/// One row of the quick-reply table.
struct QuickReplyCase: Sendable, CustomTestStringConvertible {
    var label: String
    var quickReplies: [QuickReply]
    var valid: Bool

    var testDescription: String { label }
}

@Suite("Quick replies")
struct QuickReplyTests {
    static func replies(_ count: Int, title: String = String(repeating: "x", count: 20)) -> [QuickReply] {
        (0..<count).map { QuickReply(title: title, payload: "P\($0)") }
    }

    static let cases: [QuickReplyCase] = [
        QuickReplyCase(label: "13 quick replies of 20 characters are sent", quickReplies: replies(13), valid: true),
        QuickReplyCase(label: "14 quick replies are refused", quickReplies: replies(14), valid: false),
        QuickReplyCase(label: "a 21-character title is refused", quickReplies: replies(1, title: String(repeating: "x", count: 21)), valid: false),
        QuickReplyCase(label: "an empty title is refused", quickReplies: replies(1, title: ""), valid: false),
        QuickReplyCase(
            label: "20 characters count as people see them, not as bytes", quickReplies: replies(1, title: "Café ☕️ pour 👨‍👩‍👧 à 2 🇵🇹"),
            valid: true),
    ]

    @Test("at most 13 quick replies, with titles of 1 to 20 characters", arguments: cases)
    func quickReplies(_ row: QuickReplyCase) {
        let message = OutgoingMessage(text: "Which size?", quickReplies: row.quickReplies)
        let decision = Policy().decide(request(.reply(message)), at: t0)
        #expect(decision == (row.valid ? response(message) : .refuse(.invalidQuickReplies)))
    }
}
