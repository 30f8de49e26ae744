import Foundation
import LuagramLinks
import Testing

@Suite("Website widget")
struct WidgetTests {
    static let hostile = #"</script><script>alert("hi & 'bye'")</script> <!-- Tom & Jerry's "shop" \ "#

    /// The JavaScript string literal assigned to `name`, decoded as JSON (the escaper's output is valid JSON).
    static func literal(_ name: String, in script: String) throws -> String {
        let prefix = "  var \(name) = "
        let line = try #require(script.split(separator: "\n").first { $0.hasPrefix(prefix) })
        let literal = line.dropFirst(prefix.count).dropLast()  // the ;
        return try JSONDecoder().decode(String.self, from: Data(literal.utf8))
    }

    @Test("the script sets the ig.me link, the text and an accessible label on a real link")
    func script() throws {
        let widget = try Widget(link: try ChatLink(username: "luagram.shop", ref: "site-footer"))
        let script = widget.javaScript
        #expect(try Self.literal("href", in: script) == "https://ig.me/m/luagram.shop?ref=site-footer")
        #expect(try Self.literal("text", in: script) == "Message us on Instagram")
        #expect(try Self.literal("label", in: script) == "Message us on Instagram (opens Instagram in a new tab)")
        #expect(script.contains(#"document.createElement("a")"#))
        #expect(script.contains(#"link.setAttribute("target", "_blank");"#))
        #expect(script.contains(#"link.setAttribute("rel", "noopener");"#))
        #expect(script.contains(#"link.setAttribute("aria-label", label);"#))
        #expect(script.contains("span.textContent = text;"))
        #expect(!script.contains("innerHTML"))
    }

    @Test("the inline snippet is one script element that user text cannot close or break out of")
    func hostileTextInline() throws {
        let widget = try Widget(link: try ChatLink(username: "shop"), text: Self.hostile)
        let snippet = widget.scriptElement
        #expect(snippet.hasPrefix("<script>\n") && snippet.hasSuffix("</script>\n"))
        #expect(snippet.lowercased().components(separatedBy: "<script").count == 2)
        #expect(snippet.lowercased().components(separatedBy: "</script").count == 2)
        #expect(!snippet.contains("<!--"))
        #expect(try Self.literal("text", in: widget.javaScript) == Self.hostile)
        #expect(try Self.literal("label", in: widget.javaScript) == Self.hostile + " (opens Instagram in a new tab)")
    }

    @Test("non-ASCII text and JavaScript line terminators are escaped, so the snippet is pure ASCII")
    func unicodeText() throws {
        let text = "Fale conosco 💬 – já!\u{2028}\u{2029}\n\t"
        let widget = try Widget(link: try ChatLink(username: "loja"), text: text)
        #expect(widget.scriptElement.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(try Self.literal("text", in: widget.javaScript) == text)
        #expect(WebEscaping.javaScriptString("💬\u{2028}") == #""\uD83D\uDCAC\u2028""#)
    }

    @Test("each escaper handles its own context")
    func escapers() {
        #expect(WebEscaping.javaScriptString(#"a"b\c</script>&'"#) == #""a\"b\\c\u003C/script\u003E\u0026\u0027""#)
        #expect(WebEscaping.html(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(WebEscaping.queryValue("Fale já & +1 =") == "Fale%20j%C3%A1%20%26%20%2B1%20%3D")
        #expect(WebEscaping.queryValue("a-b_c.d~") == "a-b_c.d~")
    }

    @Test("the loader element points at the server's widget.js with every value encoded")
    func loaderElement() throws {
        let widget = try Widget(link: try ChatLink(username: "shop", ref: "home=1"), text: #"Say "hi" & <win>"#)
        #expect(
            widget.loaderElement(serverURL: "https://chat.example.com/")
                == #"<script src="https://chat.example.com/widget.js?username=shop&amp;text=Say%20%22hi%22%20%26%20%3Cwin%3E&amp;ref=home%3D1" async></script>"#
                + "\n")
        let plain = try Widget(link: try ChatLink(username: "shop"))
        #expect(
            plain.loaderElement(serverURL: "https://chat.example.com")
                == #"<script src="https://chat.example.com/widget.js?username=shop" async></script>"# + "\n")
    }

    @Test("an empty or overlong button text is refused")
    func textLimits() throws {
        let link = try ChatLink(username: "shop")
        #expect(throws: WidgetError.emptyText) { try Widget(link: link, text: "") }
        #expect(throws: WidgetError.emptyText) { try Widget(link: link, text: " \n") }
        #expect(try Widget(link: link, text: String(repeating: "x", count: 200)).text.count == 200)
        #expect(throws: WidgetError.textTooLong(length: 201)) { try Widget(link: link, text: String(repeating: "x", count: 201)) }
    }
}
