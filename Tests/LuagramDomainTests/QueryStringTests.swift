import LuagramDomain
import Testing

@Suite("Query strings")
struct QueryStringTests {
    @Test("names and values are decoded as browsers encode forms, in order, repeats kept")
    func decodesLikeForms() throws {
        let query = try QueryString("hub.mode=subscribe&text=Ol%C3%A1+Ana&empty=&flag&text=again")
        #expect(query["hub.mode"] == "subscribe")
        #expect(query["text"] == "Olá Ana")
        #expect(query.count(of: "text") == 2)
        #expect(query["empty"] == "")
        #expect(query["flag"] == "")
        #expect(query["missing"] == nil)
        #expect(query.items.map(\.name) == ["hub.mode", "text", "empty", "flag", "text"])
    }

    @Test("broken percent-encoding is an error, not a guess")
    func brokenEncoding() {
        #expect(throws: QueryString.Problem.self) { try QueryString("text=%E2%82") }
        #expect(throws: QueryString.Problem.self) { try QueryString("a=%zz") }
    }
}
