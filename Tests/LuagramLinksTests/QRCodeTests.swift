import Foundation
import LuagramLinks
import LuagramTestSupport
import Testing

@Suite("QR codes of chat links")
struct QRCodeTests {
    @Test("a PNG of a link reads back as exactly that link")
    func pngDecodes() throws {
        let link = try ChatLink(username: "luagram.shop", ref: "poster-lisbon_01")
        let folder = try TemporaryFolder()
        let file = folder.path + "/link.png"
        try Data(try QRCode(encoding: link.url).png()).write(to: URL(fileURLWithPath: file))
        let decoded = try Zbar.decode(file)
        #expect(decoded.status == 0)
        #expect(decoded.text == link.url + "\n")
    }

    @Test("an SVG of a link reads back as exactly that link")
    func svgDecodes() throws {
        let link = try ChatLink(username: "luagram.shop", ref: "svg-poster")
        let folder = try TemporaryFolder()
        let file = try folder.write("link.svg", try QRCode(encoding: link.url).svg())
        let decoded = try Zbar.decode(file)
        #expect(decoded.status == 0)
        #expect(decoded.text == link.url + "\n")
    }

    @Test("a link with a 1,000-character ref still makes a code that reads back")
    func longRefDecodes() throws {
        let ref = String((0..<1_000).map { index in Array("abcXYZ019-_=")[index % 12] })
        let link = try ChatLink(username: "luagram", ref: ref)
        let code = try QRCode(encoding: link.url)
        #expect(code.version > 20)
        let folder = try TemporaryFolder()
        let file = folder.path + "/long.png"
        try Data(code.png()).write(to: URL(fileURLWithPath: file))
        let decoded = try Zbar.decode(file)
        #expect(decoded.status == 0)
        #expect(decoded.text == link.url + "\n")
    }

    @Test("the longest valid link still fits in a QR code")
    func longestLinkFits() throws {
        let link = try ChatLink(username: String(repeating: "a", count: 30), ref: String(repeating: "b", count: 2_083))
        let code = try QRCode(encoding: link.url)
        #expect(code.version <= 40)
        #expect(code.size == 17 + 4 * code.version)
    }

    @Test("texts libqrencode cannot encode are reported, not crashed on")
    func encodingErrors() {
        #expect(throws: QRCodeError.tooLong(bytes: 3_000)) { try QRCode(encoding: String(repeating: "x", count: 3_000)) }
        #expect(throws: QRCodeError.containsNul) { try QRCode(encoding: "a\u{0}b") }
    }

    @Test("the PNG's chunks, checksums, size and pixels are what a decoder expects")
    func pngStructure() throws {
        let code = try QRCode(encoding: "https://ig.me/m/luagram")
        let png = try PNGFile(code.png())
        let side = (code.size + 2 * QRCode.quietZone) * 8
        #expect(png.chunkTypes == ["IHDR", "IDAT", "IEND"])
        #expect(png.width == side && png.height == side)
        #expect(png.bitDepth == 1 && png.colourType == 0)
        // every pixel matches the module it scales, quiet zone included
        var mismatches = 0
        for y in 0..<side {
            for x in 0..<side where png.isBlack(x: x, y: y) != code.isDark(x: x / 8 - 4, y: y / 8 - 4) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        #expect(png.isBlack(x: 4 * 8, y: 4 * 8), "the top-left finder pattern starts after the quiet zone")
        #expect(!png.isBlack(x: 4 * 8 - 1, y: 4 * 8))
    }

    @Test("image data larger than one stored deflate block is split into several")
    func multipleStoredBlocks() throws {
        let link = try ChatLink(username: "luagram", ref: String(repeating: "r", count: 1_500))
        let png = try PNGFile(try QRCode(encoding: link.url).png())
        #expect(png.storedBlocks > 1)
    }

    @Test("the SVG is well-formed XML with the quiet zone and one path that draws every dark module")
    func svgStructure() throws {
        let code = try QRCode(encoding: "https://ig.me/m/luagram?ref=svg")
        let svg = try SVGFile(code.svg())
        let side = code.size + 2 * QRCode.quietZone
        #expect(svg.root == "svg")
        #expect(svg.viewBox == "0 0 \(side) \(side)")
        #expect(svg.shapeRendering == "crispEdges")
        #expect(svg.paths.count == 1)
        let drawn = try svg.darkModules()
        #expect(drawn.count == code.darkModuleCount)
        for y in 0..<side {
            for x in 0..<side {
                #expect(drawn.contains([x, y]) == code.isDark(x: x - 4, y: y - 4))
            }
        }
    }

    @Test("the image format comes from the file's extension", arguments: [
        ("code.svg", QRImageFormat.svg), ("Code.PNG", .png), ("dir.png/code.svg", .svg), ("code.jpg", nil),
        ("code", nil), ("png", nil), ("dir.svg/code", nil),
    ])
    func formatFromExtension(path: String, format: QRImageFormat?) {
        #expect(QRImageFormat(path: path) == format)
    }
}
