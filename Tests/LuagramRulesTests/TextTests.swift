import LuagramRules
import LuagramTestSupport
import Testing

@Suite("Unicode text helpers")
struct TextTests {
    @Test("fold ignores case and accents in every script")
    func fold() {
        #expect(TextFunctions.fold("Crème BRÛLÉE") == "creme brulee")
        #expect(TextFunctions.fold("PREÇO") == "preco")
        #expect(TextFunctions.fold("ΣΟΦΊΑ") == TextFunctions.fold("σοφία"))
        #expect(TextFunctions.fold("Ñandú") == "nandu")
    }

    @Test(
        "keywords match whole words, folded",
        arguments: [
            ("Qual o PREÇO?", ["preco"], TextFunctions.MatchMode.contains, "preco"),
            ("this is nice", ["hi"], .contains, nil),
            ("Hi there!", ["hi"], .starts, "hi"),
            ("hi", ["hello", "hi"], .is, "hi"),
            ("hi there", ["hi"], .is, nil),
            ("send me the price list", ["price list"], .contains, "price list"),
            ("what is the price", ["price"], .ends, "price"),
            ("¿Cuánto cuesta el envío?", ["envio", "shipping"], .contains, "envio"),
            ("I ❤️ it", ["❤️"], .contains, "❤️"),
            ("", ["x"], .contains, nil),
        ] as [(String, [String], TextFunctions.MatchMode, String?)])
    func keywordMatching(text: String, keywords: [String], mode: TextFunctions.MatchMode, expected: String?) {
        #expect(TextFunctions.firstMatch(in: text, keywords: keywords, mode: mode) == expected)
    }

    @Test("rules reach the helpers through the text library")
    func fromLua() throws {
        let rules = try RuleSet([
            ("t.lua", """
            on('message', function(ev)
              ev:reply(table.concat({
                text.lower('ÁGUA'), text.upper('straße'), text.fold('Olá'), text.trim('  x  '), tostring(text.len('👋🏽ok')),
                text.matches(ev.text, {'preço', 'price'}) or 'none', text.matches(ev.text, 'blue', 'starts') or 'none',
              }, ','))
            end)
            """)
        ])
        let result = rules.dispatch(EventBuilder.message("What's the PRICE of the blue dress?"))
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.replies == ["água,STRASSE,ola,x,3,price,none"])
    }
}
