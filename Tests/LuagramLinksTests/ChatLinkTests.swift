import LuagramLinks
import Testing

@Suite("ig.me chat links")
struct ChatLinkTests {
    @Test("a link without a ref is just the account's ig.me address")
    func plainLink() throws {
        let link = try ChatLink(username: "luagram.shop")
        #expect(link.url == "https://ig.me/m/luagram.shop")
        #expect(link.ref == nil)
    }

    @Test("a ref is appended as ?ref=")
    func linkWithRef() throws {
        let link = try ChatLink(username: "luagram_shop", ref: "summer-sale_2025=a")
        #expect(link.url == "https://ig.me/m/luagram_shop?ref=summer-sale_2025=a")
    }

    @Test("a leading @ is dropped from the username, but only one")
    func leadingAt() throws {
        #expect(try ChatLink(username: "@luagram").url == "https://ig.me/m/luagram")
        #expect(throws: ChatLinkError.usernameCharacter(username: "@luagram", character: "@")) {
            try ChatLink(username: "@@luagram")
        }
        #expect(throws: ChatLinkError.emptyUsername) { try ChatLink(username: "@") }
    }

    @Test("usernames of 1 to 30 letters, digits, dots and underscores are accepted")
    func usernameBoundaries() throws {
        #expect(try ChatLink(username: "a").username == "a")
        let thirty = "Ab9._" + String(repeating: "x", count: 25)
        #expect(try ChatLink(username: thirty).username == thirty)
        #expect(throws: ChatLinkError.usernameTooLong(username: thirty + "x", length: 31)) {
            try ChatLink(username: thirty + "x")
        }
        #expect(throws: ChatLinkError.emptyUsername) { try ChatLink(username: "") }
    }

    @Test("a username with any other character is refused", arguments: ["-", " ", "/", "?", "é", "ü", "😀", "@", "#", "\n"])
    func usernameCharacters(character: String) {
        let username = "shop" + character + "name"
        #expect(throws: ChatLinkError.usernameCharacter(username: username, character: Character(character))) {
            try ChatLink(username: username)
        }
    }

    @Test("a ref of 2,083 characters is accepted and one of 2,084 is refused")
    func refLength() throws {
        let longest = String(repeating: "a", count: 2_083)
        #expect(try ChatLink(username: "shop", ref: longest).url.hasSuffix("?ref=" + longest))
        #expect(throws: ChatLinkError.refTooLong(length: 2_084)) {
            try ChatLink(username: "shop", ref: longest + "b")
        }
    }

    @Test("every allowed ref character class is accepted")
    func refAllowedCharacters() throws {
        let ref = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_="
        #expect(try ChatLink(username: "shop", ref: ref).ref == ref)
    }

    @Test(
        "a ref with a character Meta rejects is refused with its position",
        arguments: [
            " ", "+", "/", ".", ":", "&", "?", "#", "%", "~", "'", "\"", "<", "\\", "é", "ß", "😀", "\n", "\t", "\u{7F}",
            "\u{200B}",
        ])
    func refForbiddenCharacters(character: String) {
        #expect(throws: ChatLinkError.refCharacter(character: Character(character), offset: 3)) {
            try ChatLink(username: "shop", ref: "abc" + character + "def")
        }
    }

    @Test("an empty ref is refused rather than printed as ?ref=")
    func emptyRef() {
        #expect(throws: ChatLinkError.emptyRef) { try ChatLink(username: "shop", ref: "") }
    }

    @Test("error messages say what is wrong and what is allowed")
    func messages() {
        #expect(ChatLinkError.refTooLong(length: 2_084).description == "the ref has 2084 characters; Meta accepts at most 2083")
        #expect(
            ChatLinkError.refCharacter(character: " ", offset: 4).description
                == "the ref contains a space at position 5; Meta accepts only ASCII letters, digits, '-', '_' and '='")
        #expect(ChatLinkError.refCharacter(character: "\n", offset: 0).description.contains("the control character U+000A"))
        #expect(
            ChatLinkError.usernameCharacter(username: "a-b", character: "-").description
                == "the Instagram username \"a-b\" contains '-'; Instagram usernames have only letters, digits, '.' and '_'")
    }
}
