/// `.luarc.json`, the Lua language server's configuration for a rules folder, generated from
/// the registry: Lua 5.4, the definitions in `.luagram/`, and the standard libraries the
/// sandbox removes switched off so the editor does not offer them.
public enum LuaRC {
    /// Libraries LuaLS must not offer: those the sandbox removes, and those it trims whose
    /// kept functions the definitions file defines itself (`os`). `string` stays on though it
    /// loses `dump`: redefining all of it would cost more than the lint's warning on `dump`.
    public static func disabledLibraries(_ api: RuleAPIDescription = .luagram) -> [String] {
        let sandboxed = Set(api.sandboxGlobals.map(\.name))
        let removed = api.lua54Globals.filter { $0.isLibrary && !sandboxed.contains($0.name) }.map(\.name)
        let redefined = api.trimmedLibraries.filter { library in
            let kept = api.sandboxGlobals.first { $0.name == library }?.fields ?? []
            let defined = Set(api.standardFunctions.filter { $0.owner == .library(library) }.map(\.name))
            return kept.allSatisfy(defined.contains)
        }
        return (removed + redefined).sorted()
    }

    public static func generate(_ api: RuleAPIDescription = .luagram, definitionsFolder: String = EditorFiles.definitionsFolder) -> String {
        let builtin = disabledLibraries(api).map { "      \(json($0)): \"disable\"" }.joined(separator: ",\n")
        let globals = (api.hostGlobals + api.testFunctions.filter { $0.owner == .global }.map(\.name))
            .map { "      \(json($0))" }.joined(separator: ",\n")
        return """
            {
              "$schema": "https://raw.githubusercontent.com/LuaLS/vscode-lua/master/setting/schema.json",
              "runtime": {
                "version": "Lua 5.4",
                "builtin": {
            \(builtin)
                }
              },
              "workspace": {
                "library": [\(json(definitionsFolder))],
                "checkThirdParty": false
              },
              "diagnostics": {
                "globals": [
            \(globals)
                ]
              }
            }

            """
    }

    /// A JSON string literal.
    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
