import Foundation
import LuagramDomain
import Testing

@testable import LuagramInstagram

@Suite("JSON text")
struct JSONTextTests {
    @Test("numbers keep their type: integers exact to Int64, larger ones and fractions as doubles")
    func numbers() throws {
        let value = try JSONText.parse(Array(#"[0,-7,17841400000000001,9223372036854775807,9223372036854775808,1.5,2e3,-0]"#.utf8))
        #expect(value == [0, -7, .int(17_841_400_000_000_001), .int(.max), .double(9.223372036854775808e18), 1.5, 2000.0, 0])
        #expect(value.arrayElements?[7] == .int(0))
    }

    @Test("booleans and null are not numbers")
    func literals() throws {
        #expect(try JSONText.parse(Array("[true,false,null]".utf8)) == [true, false, .null])
    }

    @Test("invalid JSON is refused with the offset", arguments: [
        "[01]", "[1.]", "[.5]", "[+1]", "[1e]", "[tru]", "[\"a\nb\"]", "[\"\\x\"]", "[\"\\u12\"]", "{\"a\" 1}", "{1:2}",
        "[1,]", "{\"a\":1,}", "[1 2]", "'a'", "[1e999]",
    ])
    func invalid(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONText.parse(Array(text.utf8)) }
    }

    @Test("escapes decode and the writer escapes what it must")
    func escapes() throws {
        let value = try JSONText.parse(Array(#"["\"\\\/\b\f\n\r\t\u0001\u2028"]"#.utf8))
        #expect(value == ["\"\\/\u{8}\u{C}\n\r\t\u{1}\u{2028}"])
        #expect(JSONText.serialize(value) == #"["\"\\/\u0008\u000c\n\r\t\u0001\u2028"]"#)
    }

    @Test("the writer sorts keys, so equal values give equal text")
    func sortedKeys() {
        #expect(JSONText.serialize(["b": 1, "a": [true, .null], "c": "x"]) == #"{"a":[true,null],"b":1,"c":"x"}"#)
    }

    @Test("the writer stops at the depth limit instead of recursing without end")
    func writerDepth() {
        var value: Value = 1
        for _ in 0..<100 { value = [value] }
        let text = JSONText.serialize(value, maxDepth: 3)
        #expect(text == "[[[null]]]")
    }

    @Test("an event prints as one JSON line with an ISO-8601 time")
    func eventLine() throws {
        let event = try Fixture.single("quick-reply")
        let line = EventJSON.line(event)
        #expect(!line.contains("\n"))
        let value = try JSONText.parse(Array(line.utf8))
        #expect(value["kind"] == "message")
        #expect(value["time"] == "2026-01-01T00:11:40.123Z")
        #expect(value["contact"] == ["id": "1234567890123456"])
        #expect(value["fields"]?["quick_reply_payload"] == "MENU_TRACK_ORDER")
        #expect(value["attachments"] == [])
        #expect(value["text"] == "Track my order")
    }
}
