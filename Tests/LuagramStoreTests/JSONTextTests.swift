import LuagramDomain
import Testing

@testable import LuagramStore

@Suite("JSON columns")
struct JSONTextTests {
    @Test("integers and doubles keep their type, as Lua tells them apart")
    func numbersKeepTheirType() throws {
        let value: Value = ["int": 1, "double": 1.0, "big": .double(1e20), "negative": -3, "fraction": 0.1]
        #expect(JSONText.serialize(value) == #"{"big":1e+20,"double":1.0,"fraction":0.1,"int":1,"negative":-3}"#)
        #expect(try JSONText.parse(Array(JSONText.serialize(value).utf8)) == value)
    }

    @Test("strings with quotes, controls and emoji round-trip")
    func stringsRoundTrip() throws {
        let value: Value = ["text": "say \"hi\"\n\tback\\ \u{01} 😍 ünïcode", "list": [nil, true, false, [], [:]]]
        #expect(try JSONText.parse(Array(JSONText.serialize(value).utf8)) == value)
    }

    @Test("escapes written by other tools are read, surrogate pairs included")
    func foreignEscapesAreRead() throws {
        #expect(try JSONText.parse(Array(#" { "a" : "\u00e9\ud83d\ude0d\/" } "#.utf8)) == ["a": "é😍/"])
    }

    @Test("malformed text is an error, not a guess", arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "1 2", "\"\\x\""])
    func malformedTextIsRefused(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONText.parse(Array(text.utf8)) }
    }

    @Test("non-finite doubles are stored as null")
    func nonFiniteIsNull() {
        #expect(JSONText.serialize([.double(.infinity), .double(.nan)]) == "[null,null]")
    }
}
