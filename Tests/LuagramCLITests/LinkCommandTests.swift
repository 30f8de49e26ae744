import Foundation
import LuagramTestSupport
import Testing

@Suite("luagram link and luagram widget")
struct LinkCommandTests {
    @Test("link prints the ig.me address, with the ref when given")
    func printsLink() throws {
        let plain = try LuagramProcess.run(["link", "@luagram.shop"])
        #expect(plain.status == 0, "\(plain.errorOutput)")
        #expect(plain.output == "https://ig.me/m/luagram.shop\n")
        let withRef = try LuagramProcess.run(["link", "luagram_shop", "--ref", "poster-01=a"])
        #expect(withRef.status == 0, "\(withRef.errorOutput)")
        #expect(withRef.output == "https://ig.me/m/luagram_shop?ref=poster-01=a\n")
    }

    @Test(
        "link refuses what Meta or Instagram would reject, saying why on stderr",
        arguments: [
            (["link", "shop", "--ref", String(repeating: "r", count: 2_084)], "the ref has 2084 characters; Meta accepts at most 2083"),
            (["link", "shop", "--ref", "summer sale"], "the ref contains a space at position 7"),
            (["link", "shop", "--ref", "a.b"], "the ref contains '.' at position 2"),
            (["link", "shop", "--ref", ""], "the ref is empty"),
            (["link", "bad-name"], "the Instagram username \"bad-name\" contains '-'"),
            (["link", String(repeating: "a", count: 31)], "Instagram allows at most 30"),
            (["link", "shop", "--qr", "code.jpg"], "--qr code.jpg: the file name must end in .svg or .png"),
        ])
    func refusals(arguments: [String], message: String) throws {
        let result = try LuagramProcess.run(arguments)
        #expect(result.status != 0)
        #expect(result.output.isEmpty)
        #expect(result.errorOutput.contains(message), "\(result.errorOutput)")
    }

    @Test("link accepts a ref of exactly 2,083 characters")
    func longestRef() throws {
        let ref = String(repeating: "r", count: 2_083)
        let result = try LuagramProcess.run(["link", "shop", "--ref", ref])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output == "https://ig.me/m/shop?ref=\(ref)\n")
    }

    @Test("link --qr x.png writes a code that zbarimg reads back as the link")
    func qrPNG() throws {
        let folder = try TemporaryFolder()
        let file = folder.path + "/x.png"
        let result = try LuagramProcess.run(["link", "luagram.shop", "--ref", "flyer", "--qr", file])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(try Self.zbarimg(file) == "https://ig.me/m/luagram.shop?ref=flyer\n")
    }

    @Test("link --qr x.svg writes an SVG document")
    func qrSVG() throws {
        let folder = try TemporaryFolder()
        let file = folder.path + "/x.svg"
        let result = try LuagramProcess.run(["link", "shop", "--qr", file])
        #expect(result.status == 0, "\(result.errorOutput)")
        let svg = try String(contentsOfFile: file, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test("link --qr into a folder that does not exist fails without printing the link")
    func qrUnwritable() throws {
        let result = try LuagramProcess.run(["link", "shop", "--qr", "/nonexistent/folder/x.png"])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.errorOutput.contains("luagram link: /nonexistent/folder/x.png: cannot write"))
    }

    @Test("widget prints one script element with the link and the escaped text")
    func widget() throws {
        let result = try LuagramProcess.run(["widget", "@shop", "--text", #"<script>"Hi" & 'bye'"#, "--ref", "site"])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.hasPrefix("<script>\n") && result.output.hasSuffix("</script>\n"))
        #expect(result.output.contains(#"var href = "https://ig.me/m/shop?ref=site";"#))
        #expect(result.output.contains(#"var text = "\u003Cscript\u003E\"Hi\" \u0026 \u0027bye\u0027";"#))
    }

    @Test("widget --server prints a script src tag for the server's widget.js")
    func widgetServer() throws {
        let result = try LuagramProcess.run(["widget", "shop", "--server", "https://chat.example.com/", "--text", "Olá & oi"])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(
            result.output
                == #"<script src="https://chat.example.com/widget.js?username=shop&amp;text=Ol%C3%A1%20%26%20oi" async></script>"#
                + "\n")
    }

    @Test(
        "widget refuses a bad username, ref, text or server",
        arguments: [
            (["widget", "a b"], "contains a space"),
            (["widget", "shop", "--ref", "a/b"], "the ref contains '/'"),
            (["widget", "shop", "--text", ""], "the button text is empty"),
            (["widget", "shop", "--server", "chat.example.com"], "give the server's address"),
        ])
    func widgetRefusals(arguments: [String], message: String) throws {
        let result = try LuagramProcess.run(arguments)
        #expect(result.status != 0)
        #expect(result.errorOutput.contains(message), "\(result.errorOutput)")
    }

    static func zbarimg(_ file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zbarimg", "--raw", "-q", file]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
