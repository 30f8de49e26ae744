/// `.luacheckrc`, luacheck's configuration for a rules folder, generated from the registry:
/// Lua 5.4 without what the sandbox removes, the host's globals read-only with their fields,
/// and `test` in `*_test.lua` files. Run it in the rules folder (`luacheck .`), or from a
/// parent folder with `luacheck --config DIR/.luacheckrc DIR`.
public enum LuacheckRC {
    public static func generate(_ api: RuleAPIDescription = .luagram, definitionsFolder: String = EditorFiles.definitionsFolder) -> String {
        var hostGlobals: [String] = []
        for name in api.hostGlobals {
            let fields = api.library(name).map(\.name)
            hostGlobals.append(fields.isEmpty ? "  \(lua(name))," : "  \(name) = { fields = { \(list(fields)) } },")
        }
        let testGlobals = api.testFunctions.filter { $0.owner == .global }.map(\.name)
        return """
            -- luacheck's configuration for Luagram rules (`luacheck .` in this folder).
            -- Generated from the rule API registry (Sources/LuagramRules/API) by
            -- `luagram init --editor-files-only DIR`; do not edit, regenerate it.

            -- Lua 5.4 as the sandbox offers it: what the sandbox removes is not there.
            std = "lua54"
            not_globals = {
            \(wrapped(api.removedStandardNames))
            }

            -- The host's functions and libraries: rules call them, never replace them.
            read_globals = {
            \(hostGlobals.joined(separator: "\n"))
            }

            -- Setting a global is flagged (luacheck's default): it would stay in its file, since each
            -- rule file has its own environment, but it is usually a forgotten `local`.

            -- Handlers and tests may ignore their event or context; reply texts make long lines.
            ignore = { "212/ev", "212/t" }
            max_line_length = false

            -- The editor definitions are declarations, not rules. Patterns start with `**/` because
            -- luacheck anchors them at the folder it runs in, which need not be this one.
            exclude_files = { "**/\(definitionsFolder)/**" }

            -- Tests (`*_test.lua`) also have the test API.
            files["**/*_test.lua"] = { read_globals = { \(list(testGlobals)) } }

            """
    }

    static func lua(_ text: String) -> String { "\"\(text)\"" }

    static func list(_ names: [String]) -> String { names.map(lua).joined(separator: ", ") }

    /// Names a few per line, indented.
    static func wrapped(_ names: [String]) -> String {
        var lines: [String] = []
        var line = ""
        for name in names.map({ lua($0) + "," }) {
            if !line.isEmpty, line.count + name.count + 1 > 96 {
                lines.append("  " + line)
                line = ""
            }
            line += line.isEmpty ? name : " " + name
        }
        if !line.isEmpty { lines.append("  " + line) }
        return lines.joined(separator: "\n")
    }
}
