import LuagramDomain
import Testing

@Suite("Values")
struct ValueTests {
    @Test("typed accessors read their own case only: numbers are not booleans, nor strings")
    func typedAccessors() {
        let value: Value = ["ok": true, "n": 1, "s": "1", "items": [1, "two"], "object": ["id": "7"]]
        #expect(value["ok"]?.boolValue == true)
        #expect(value["n"]?.boolValue == nil && value["n"]?.stringValue == nil)
        #expect(value["s"]?.stringValue == "1" && value["s"]?.boolValue == nil)
        #expect(value["items"]?.arrayValue == [1, "two"])
        #expect(value["items"]?.objectValue == nil)
        #expect(value["object"]?.objectValue == ["id": "7"])
        #expect(value["object"]?.arrayValue == nil)
        #expect(value.objectValue?.keys.sorted() == ["items", "n", "object", "ok", "s"])
        #expect(Value.null.boolValue == nil && Value.null.arrayValue == nil && Value.null.objectValue == nil)
    }
}
