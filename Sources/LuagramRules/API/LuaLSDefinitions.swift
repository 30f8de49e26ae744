/// The `---@meta` definitions file for the Lua language server (LuaLS), generated from the
/// registry: completion, hover docs and type checks for the rule API and the test API in
/// any editor that runs LuaLS. `.luarc.json` (`LuaRC`) points LuaLS at it.
public enum LuaLSDefinitions {
    /// The local table each method owner's functions are defined on, and its class.
    static let methodTables: [APIFunction.Owner: (table: String, className: String)] = [
        .event: ("Event", "luagram.Event"),
        .contact: ("Contact", "luagram.Contact"),
        .testContext: ("TestContext", "luagram.TestContext"),
    ]

    public static func generate(_ api: RuleAPIDescription = .luagram) -> String {
        var out = Lines()
        out.add("---@meta luagram")
        out.add("-- Luagram's rule API for the Lua language server (LuaLS): completion, docs and type checks.")
        out.add("-- Generated from the rule API registry (Sources/LuagramRules/API) by")
        out.add("-- `luagram init --editor-files-only DIR`; do not edit, regenerate it.")

        for alias in api.aliases { self.alias(alias, &out) }
        for table in api.tables { self.table(table, &out) }

        // The event: every field of every kind (optional unless all events have it), so a
        // handler typed as the plain event still completes `ev.payload`; the per-kind classes
        // below narrow it.
        out.blank()
        out.doc("The event handed to handlers: read-only (writes fail) and shared by every handler of the event.")
        out.doc("Kind-specific fields are nil on other kinds; `luagram.MessageEvent` and the other per-kind classes list each kind's own.")
        out.add("---@class luagram.Event")
        for field in api.eventFields { self.field(field, &out) }
        for field in unionFields(api) { self.field(field, &out) }
        out.add("local Event = {}")
        for function in api.functions(of: .event) { self.function(function, api, &out) }

        for kind in api.eventKinds {
            out.blank()
            out.doc(kind.doc)
            out.add("---@class \(kind.className): luagram.Event")
            out.add("---@field kind \"\(kind.name)\"")
            for field in kind.fields { self.field(field, &out) }
        }

        out.blank()
        out.doc("The person on the other side of the event. Its fields are read-only; change tags and values with its methods.")
        out.add("---@class luagram.Contact")
        for field in api.contactFields { self.field(field, &out) }
        out.add("local Contact = {}")
        for function in api.functions(of: .contact) { self.function(function, api, &out) }

        for function in api.functions where function.owner == .global { self.function(function, api, &out) }
        var declared: Set<String> = []
        for function in api.functions + api.standardFunctions {
            guard case .library(let library) = function.owner else { continue }
            if declared.insert(library).inserted {
                out.blank()
                out.doc(api.libraryDocs[library] ?? "")
                out.add("\(library) = {}")
            }
            self.function(function, api, &out)
        }

        out.blank()
        out.add("-- The test API: `*_test.lua` files only (`luagram test`).")
        for table in api.testTables where table.name != "luagram.TestContext" { self.table(table, &out) }
        if let context = api.table("luagram.TestContext") {
            self.table(context, &out)
            out.add("local TestContext = {}")
        }
        for function in api.testFunctions where function.owner == .testContext { self.function(function, api, &out) }
        for function in api.testFunctions where function.owner == .global { self.function(function, api, &out) }
        return out.text
    }

    /// The kind-specific fields, each once, optional, with the kinds that have it.
    static func unionFields(_ api: RuleAPIDescription) -> [APIField] {
        var order: [String] = []
        var fields: [String: APIField] = [:]
        var kinds: [String: [String]] = [:]
        for kind in api.eventKinds {
            for field in kind.fields {
                if fields[field.name] == nil {
                    order.append(field.name)
                    fields[field.name] = field.asOptional
                }
                kinds[field.name, default: []].append(kind.name)
            }
        }
        return order.map { name in
            var field = fields[name]!
            field.doc = "(\(kinds[name]!.joined(separator: ", "))) " + field.doc
            return field
        }
    }

    static func alias(_ alias: APIAlias, _ out: inout Lines) {
        out.blank()
        out.doc(alias.doc)
        out.add("---@alias \(alias.name)")
        for value in alias.values { out.add("---| \"\(value.value)\" # \(oneLine(value.doc))") }
    }

    static func table(_ table: APITable, _ out: inout Lines) {
        out.blank()
        out.doc(table.doc)
        out.add("---@class \(table.name)")
        for field in table.fields { self.field(field, &out) }
    }

    static func field(_ field: APIField, _ out: inout Lines) {
        out.add("---@field \(field.name)\(field.optional ? "?" : "") \(field.type) \(oneLine(field.doc))")
    }

    static func function(_ function: APIFunction, _ api: RuleAPIDescription, _ out: inout Lines) {
        out.blank()
        out.doc(function.doc)
        for parameter in function.parameters {
            out.add("---@param \(parameter.name)\(parameter.optional ? "?" : "") \(parameter.type) \(oneLine(parameter.doc))")
        }
        for overload in overloads(function, api) { out.add("---@overload \(overload)") }
        for result in function.returns { out.add("---@return \(result.type) \(result.name) \(oneLine(result.doc))") }
        let names = function.parameters.map(\.name).joined(separator: ", ")
        let qualified: String
        switch function.owner {
        case .global: qualified = function.name
        case .library(let library): qualified = "\(library).\(function.name)"
        case .event, .contact, .testContext: qualified = "\(methodTables[function.owner]!.table):\(function.name)"
        }
        out.add("function \(qualified)(\(names)) end")
    }

    /// A function that takes an event kind and then a handler of events (`on`) gets one
    /// overload per kind, so the handler's `ev` has that kind's fields.
    static func overloads(_ function: APIFunction, _ api: RuleAPIDescription) -> [String] {
        guard let kindIndex = function.parameters.firstIndex(where: { $0.type == "luagram.EventKind" }),
            kindIndex + 1 < function.parameters.count,
            function.parameters[kindIndex + 1].type == "fun(ev: luagram.Event)"
        else { return [] }
        return api.eventKinds.map { kind in
            var parameters = function.parameters
            parameters[kindIndex].type = "\"\(kind.name)\""
            parameters[kindIndex + 1].type = "fun(ev: \(kind.className))"
            let list = parameters.map { "\($0.name)\($0.optional ? "?" : ""): \($0.type)" }.joined(separator: ", ")
            let results = function.returns.map(\.type).joined(separator: ", ")
            return "fun(\(list))" + (results.isEmpty ? "" : ": \(results)")
        }
    }

    /// Docs that fit on one annotation line (LuaLS reads a field's doc to the end of its line).
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The file being written, line by line.
    struct Lines {
        private var lines: [String] = []

        mutating func add(_ line: String) { lines.append(line) }

        mutating func blank() { lines.append("") }

        /// A doc comment: `---` on each line, attached to what follows.
        mutating func doc(_ text: String) {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) { lines.append("---" + line) }
        }

        var text: String { lines.joined(separator: "\n") + "\n" }
    }
}
