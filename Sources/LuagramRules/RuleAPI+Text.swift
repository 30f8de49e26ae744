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
                guard case .string(let subject) = try call.argument(1) else {
                    if try call.argument(1) == .nil { return [.nil] }  // ev.text is nil for a sticker
                    throw LuaCallError("text.matches: the first argument must be a string")
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
                var mode = TextFunctions.MatchMode.contains
                if case .string(let name) = try call.argument(3) {
                    guard let m = TextFunctions.MatchMode(rawValue: name) else {
                        throw LuaCallError("text.matches: unknown mode \"\(name)\" (expected is, contains, starts, ends)")
                    }
                    mode = m
                } else if try call.argument(3) != .nil {
                    throw LuaCallError("text.matches: the mode must be a string")
                }
                return [TextFunctions.firstMatch(in: subject, keywords: keywords, mode: mode, cache: cache).map { .string($0) } ?? .nil]
            },
        ]
    }

    private static func string(_ call: LuaCall, _ index: Int, _ name: String) throws -> String {
        switch try call.argument(index) {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        default: throw LuaCallError("\(name): expects a string, got \(call.typeName(index))")
        }
    }
}
