import LuagramLua

extension RuleAPI {
    /// The `text` library: Unicode-aware helpers that Lua's ASCII-only string library lacks.
    static func textLibrary(cache: TextMatchCache) -> [String: LuaFunction] {
        return [
            "lower": { call in [.string(TextFunctions.lower(try string(call, 1, "text.lower")))] },
            "upper": { call in [.string(TextFunctions.upper(try string(call, 1, "text.upper")))] },
            "fold": { call in [.string(TextFunctions.fold(try string(call, 1, "text.fold")))] },
            "trim": { call in [.string(TextFunctions.trim(try string(call, 1, "text.trim")))] },
            "len": { call in [.integer(Int64(try string(call, 1, "text.len").count))] },
            "matches": { call in try matches(call, cache) },
        ]
    }

    /// text.matches(text, keywords [, mode]). Every handler calls it on the same text with
    /// the same lists, so strings and plain lists are read as bytes and looked up in the
    /// cache; anything else takes the general copy, for its content or its error.
    private static func matches(_ call: LuaCall, _ cache: TextMatchCache) throws -> [LuaValue] {
        let words: [Substring]
        if let bytes = call.stringBytes(1) {
            guard bytes.count <= TextFunctions.maximumTextBytes else {
                throw LuaCallError("text.matches: the text is longer than \(TextFunctions.maximumTextBytes) bytes")
            }
            guard let known = cache.words(ofText: bytes) else { throw LuaCallError("text.matches: the text is \(notUTF8)") }
            words = known
        } else {
            guard case .nil = try call.argument(1) else {  // ev.text is nil for a sticker
                throw LuaCallError("text.matches: the first argument must be a string, got \(call.typeName(1))")
            }
            return [.nil]
        }
        let keywords: TextMatchCache.Keywords
        if let keyword = call.stringBytes(2) {
            keywords = try cache.keywords([keyword]) { try self.keywords([keyword], cache) }
        } else if let items = call.stringList(2, limit: TextFunctions.maximumKeywords) {
            keywords = try cache.keywords(items) { try self.keywords(items, cache) }
        } else {
            guard case .table(let table) = try call.argument(2), table.fields.isEmpty else {
                throw LuaCallError("text.matches: the keywords must be a string or a list of strings")
            }
            let strings = try table.array.map { item in
                guard case .string(let s) = item else { throw LuaCallError("text.matches: keywords are strings") }
                return s
            }
            try checkKeywords(strings.map { $0.utf8.count })
            keywords = strings.map { ($0, cache.words(of: $0)) }
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
        return [TextFunctions.firstMatch(words, keywords, mode).map { .string($0) } ?? .nil]
    }

    private static func keywords(_ items: [UnsafeRawBufferPointer], _ cache: TextMatchCache) throws -> TextMatchCache.Keywords {
        try checkKeywords(items.map(\.count))
        return try items.map { bytes in
            guard let keyword = String(validating: bytes, as: UTF8.self) else {
                throw LuaCallError("text.matches: a keyword is \(notUTF8)")
            }
            return (keyword, cache.words(of: keyword))
        }
    }

    private static func checkKeywords(_ sizes: [Int]) throws {
        guard sizes.count <= TextFunctions.maximumKeywords, sizes.allSatisfy({ $0 <= TextFunctions.maximumKeywordBytes }) else {
            throw LuaCallError(
                "text.matches: at most \(TextFunctions.maximumKeywords) keywords of at most \(TextFunctions.maximumKeywordBytes) bytes each")
        }
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
