/// The Markdown reference of the rule API (`docs/rule-api.md`), generated from the registry
/// so it always says what the runtime binds.
public enum RuleAPIReference {
    public static func generate(_ api: RuleAPIDescription = .luagram) -> String {
        Writer(api: api).generate()
    }

    /// Writes the rule API reference; knows the registry to link types to their sections.
    struct Writer {
        let api: RuleAPIDescription

        func generate() -> String {
            var out: [String] = []
            out += [
                "# The rule API",
                "",
                "<!-- Generated from the rule API registry (Sources/LuagramRules/API) by scripts/generate-docs; do not edit. -->",
                "",
                """
                Rules are Lua 5.4 files in a rules folder (files ending in `_test.lua` are tests; hidden files and folders are \
                skipped). Each file runs once, at load, in its own sandboxed environment, and registers handlers with `on`. \
                Handlers never send anything themselves: they record intents (`ev:reply`, `ev.contact:tag`, …), the host \
                decides on each one, and every such method returns the decision.
                """,
                "",
                """
                Editors: `luagram init DIR` creates a rules folder with `.luarc.json` and `.luagram/luagram.lua` (completion, \
                docs and type checks in any editor that runs the Lua language server) and `.luacheckrc` (`luacheck .`); \
                `luagram init --editor-files-only DIR` writes just those files into an existing folder.
                """,
                "",
                "Contents: [Functions](#functions) · [The event](#the-event) · [Event kinds](#event-kinds) · "
                    + "[Event methods](#event-methods) · [The contact](#the-contact) · [Tables](#tables) · "
                    + "[Reason codes](#reason-codes) · [The sandbox](#the-sandbox) · [The test API](#the-test-api)",
            ]

            section("Functions", &out)
            for function in api.functions where function.owner == .global { self.function(function, &out) }
            for library in api.hostGlobals where !api.library(library).isEmpty {
                out += ["", "### `\(library)`", "", api.libraryDocs[library] ?? ""]
                for function in api.library(library) { self.function(function, &out, level: "####") }
            }

            section("The event", &out)
            out += [
                "",
                "`ev` is read-only (writes, `rawset` and `setmetatable` on it fail, at any depth) and shared by every handler of the event. "
                    + "It and the tables in it are views that read the event as they are indexed: `.`, `#`, `ipairs`, `pairs` and "
                    + "`type` (`\"table\"`) work as on tables; `next` and `rawget` do not. "
                    + "Every event has these fields:",
                "",
            ]
            fields(api.eventFields, &out)

            section("Event kinds", &out)
            out += ["", "The kinds `on` accepts; an unknown kind is a load error at the `on` call's line.", ""]
            out += ["| Kind | | Its own fields |", "| --- | --- | --- |"]
            for kind in api.eventKinds {
                let names = kind.fields.map { "`\($0.name)`" }.joined(separator: ", ")
                out.append("| [`\(kind.name)`](#\(kind.name)-events) | \(cell(kind.doc)) | \(names) |")
            }
            for kind in api.eventKinds {
                out += ["", "### `\(kind.name)` events", "", kind.doc, ""]
                if kind.fields.isEmpty {
                    out.append("No fields of its own.")
                } else {
                    fields(kind.fields, &out)
                }
            }

            section("Event methods", &out)
            out += [
                "", "Call them on the event being handled (`ev:reply(…)`); an event kept from earlier can no longer be answered.",
            ]
            for function in api.functions(of: .event) { self.function(function, &out) }

            section("The contact", &out)
            out += [
                "", "`ev.contact` is read-only; its methods change tags and values, and the change is kept with the contact.", "",
            ]
            fields(api.contactFields, &out)
            for function in api.functions(of: .contact) { self.function(function, &out) }

            section("Tables", &out)
            for table in api.tables { self.table(table, &out) }

            for alias in api.aliases where alias.name != "luagram.EventKind" && alias.name != "luagram.ReasonCode" {
                out += ["", "### \(alias.name.split(separator: ".").last!)"]
                self.alias(alias, &out)
            }

            section("Reason codes", &out)
            for alias in api.aliases where alias.name == "luagram.ReasonCode" { self.alias(alias, &out) }

            section("The sandbox", &out)
            let kept = api.sandboxGlobals.map { global in
                global.isLibrary
                    ? "`\(global.name)` (\(global.fields.map { "`\($0)`" }.joined(separator: ", ")))" : "`\(global.name)`"
            }
            out += [
                "",
                "Rules are untrusted code: the sandbox is an allow-list. Every rule environment gets these standard globals, "
                    + "and the host's (\(api.hostGlobals.map { "`\($0)`" }.joined(separator: ", "))):",
                "",
                kept.joined(separator: ", ") + ".",
                "",
                "Not there (Lua 5.4 has them): \(api.removedStandardNames.map { "`\($0)`" }.joined(separator: ", ")).",
                "",
                """
                `load` takes text only and defaults to the rule's own environment; `collectgarbage` answers only `"count"`; \
                `setmetatable` refuses `__gc`; `string.find`, `match`, `gmatch` and `gsub` have a step budget.
                """,
            ]
            for function in api.standardFunctions { self.function(function, &out) }

            section("The test API", &out)
            out += [
                "",
                """
                `luagram test --rules DIR` runs the `*_test.lua` files of a rules folder against its rules: each event goes as a real \
                Meta-shaped webhook through the whole pipeline (rules, policy, outbox, a recording sender) on a virtual clock.
                """,
            ]
            for function in api.testFunctions where function.owner == .global { self.function(function, &out) }
            out += ["", "### The test context", "", api.table("luagram.TestContext")?.doc ?? ""]
            for function in api.testFunctions where function.owner == .testContext {
                self.function(function, &out, level: "####")
            }
            out += ["", "### Test tables"]
            for table in api.testTables where table.name != "luagram.TestContext" { self.table(table, &out, level: "####") }
            out.append("")
            return out.joined(separator: "\n")
        }

        func section(_ title: String, _ out: inout [String]) {
            out += ["", "## \(title)"]
        }

        func function(_ function: APIFunction, _ out: inout [String], level: String = "###") {
            out += ["", "\(level) `\(function.signature)`", "", function.doc]
            if !function.parameters.isEmpty {
                out += ["", "| Parameter | Type | |", "| --- | --- | --- |"]
                for parameter in function.parameters {
                    let type = self.type(parameter.type) + (parameter.optional ? " (optional)" : "")
                    out.append("| `\(parameter.name)` | \(type) | \(cell(parameter.doc)) |")
                }
            }
            for result in function.returns {
                out += ["", "Returns \(self.type(result.type)) — \(result.doc)."]
            }
        }

        func fields(_ fields: [APIField], _ out: inout [String]) {
            out += ["| Field | Type | |", "| --- | --- | --- |"]
            for field in fields {
                let type = self.type(field.type) + (field.optional ? " or nil" : "")
                out.append("| `\(field.name)` | \(type) | \(cell(field.doc)) |")
            }
        }

        func table(_ table: APITable, _ out: inout [String], level: String = "###") {
            out += ["", "\(level) \(table.shortName)", "", "`\(table.name)`: \(table.doc)"]
            guard !table.fields.isEmpty else { return }
            out.append("")
            fields(table.fields, &out)
        }

        func alias(_ alias: APIAlias, _ out: inout [String]) {
            out += ["", alias.doc, "", "| Value | Meaning |", "| --- | --- |"]
            for value in alias.values { out.append("| `\(value.value)` | \(cell(value.doc)) |") }
        }

        /// A type as Markdown: the tables, aliases, the event and the contact link to their
        /// sections; a union of simple types is written with "or".
        func type(_ type: String) -> String {
            let parts = type.split(separator: "|").map(String.init)
            if parts.count > 1, !type.contains("("), !type.contains("\"") {
                return parts.map(self.type).joined(separator: " or ")
            }
            var base = type
            while base.hasSuffix("[]") || base.hasSuffix("?") { base.removeLast(base.hasSuffix("?") ? 1 : 2) }
            guard let anchor = anchor(of: base) else { return "`\(cell(type))`" }
            return "[`\(cell(type))`](#\(anchor))"
        }

        func anchor(of type: String) -> String? {
            switch type {
            case "luagram.Event": return "the-event"
            case "luagram.Contact": return "the-contact"
            case "luagram.EventKind": return "event-kinds"
            case "luagram.ReasonCode": return "reason-codes"
            case "luagram.TestContext": return "the-test-context"
            default:
                if let table = api.table(type) { return table.shortName.lowercased() }
                if let alias = api.aliases.first(where: { $0.name == type }) {
                    return alias.name.split(separator: ".").last!.lowercased()
                }
                return nil
            }
        }
    }

    /// Text that fits in a table cell: one line, `|` escaped (also inside code spans, as GitHub requires).
    static func cell(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").replacingPipes
    }
}

extension String {
    fileprivate var replacingPipes: String {
        var out = ""
        for character in self { out += character == "|" ? "\\|" : String(character) }
        return out
    }
}
