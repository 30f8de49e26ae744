import LuagramLua

extension RuleAPI {
    /// The `text` library: Unicode-aware helpers that Lua's ASCII-only string library lacks.
    static func textLibrary() -> [String: LuaFunction] {
        let cache = TextFunctions.KeywordCache()
        return [
            "lower": { call in [.string(TextFunctions.lower(try string(call, 1, "text.lower")))] },
            "upper": { call in [.string(TextFunctions.upper(try string(call, 1, "text.upper")))] },
            "fold": { call in [.string(TextFunctions.fold(try string(call, 1, "text.fold")))] },
            "trim": { call in [.string(TextFunctions.trim(try string(call, 1, "text.trim")))] },
            "len": { call in [.integer(Int64(try string(call, 1, "text.len").count))] },
            "matches": { call in
                let subject: String
                switch try call.argument(1) {
                case .nil: return [.nil]  // ev.text is nil for a sticker
                case .string(let s): subject = try bounded(s, "text.matches")
                case .bytes: throw LuaCallError("text.matches: the text is \(notUTF8)")
                default: throw LuaCallError("text.matches: the first argument must be a string, got \(call.typeName(1))")
                }
                let keywords: [String]
                switch try call.argument(2) {
                case .string(let keyword): keywords = [keyword]
                case .table(let table) where table.fields.isEmpty:
                    keywords = try table.array.map { item in
                        guard case .string(let s) = item else { throw LuaCallError("text.matches: keywords are strings") }
                        return s
                    }
                default: throw LuaCallError("text.matches: the keywords must be a string or a list of strings")
                }
                guard keywords.count <= TextFunctions.maximumKeywords,
                    keywords.allSatisfy({ $0.utf8.count <= TextFunctions.maximumKeywordBytes })
                else {
                    throw LuaCallError(
                        "text.matches: at most \(TextFunctions.maximumKeywords) keywords of at most \(TextFunctions.maximumKeywordBytes) bytes each")
                }
                var mode = TextFunctions.MatchMode.contains
                switch try call.argument(3) {
                case .nil: break
                case .string(let name):
                    guard let m = TextFunctions.MatchMode(rawValue: name) else {
                        throw LuaCallError("text.matches: unknown mode \"\(name)\" (expected is, contains, starts, ends)")
                    }
                    mode = m
                default: throw LuaCallError("text.matches: the mode must be a string")
                }
                return [TextFunctions.firstMatch(in: subject, keywords: keywords, mode: mode, cache: cache).map { .string($0) } ?? .nil]
            },
        ]
    }

    /// The text functions' work grows with their input (matching with the text times the
    /// keywords), inside one host call the CPU budget cannot interrupt: inputs are bounded
    /// before any work. Instagram's texts are far shorter (a DM at most 1,000 characters).
    private static func bounded(_ text: String, _ name: String) throws -> String {
        guard text.utf8.count <= TextFunctions.maximumTextBytes else {
            throw LuaCallError("\(name): the text is longer than \(TextFunctions.maximumTextBytes) bytes")
        }
        return text
    }

    private static func string(_ call: LuaCall, _ index: Int, _ name: String) throws -> String {
        switch try call.argument(index) {
        case .string(let s): return try bounded(s, name)
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .bytes: throw LuaCallError("\(name): the text is \(notUTF8)")
        default: throw LuaCallError("\(name): expects a string, got \(call.typeName(index))")
        }
    }
}
