/// The files generated from the rule API registry: what `luagram init` puts in a rules
/// folder for editors and luacheck, and the Markdown reference. Pure: the command line
/// writes them, the tests compare them with the committed copies.
public enum EditorFiles {
    /// The hidden folder of the LuaLS definitions: hidden, because the rule loader loads
    /// every non-hidden `*.lua` of the rules folder.
    public static let definitionsFolder = ".luagram"
    /// The LuaLS `---@meta` definitions of the rule and test API.
    public static let definitionsPath = definitionsFolder + "/luagram.lua"
    /// The Lua language server's configuration; LuaLS reads it at the workspace root.
    public static let luarcPath = ".luarc.json"
    /// luacheck's configuration; luacheck finds it in the folder it runs in or a parent.
    public static let luacheckrcPath = ".luacheckrc"
    /// Where the rule API reference lives in the repository (relative to its root).
    public static let referencePath = "docs/rule-api.md"

    /// One generated file: its path relative to the rules folder (or, for the rule API reference, to
    /// the repository) and its contents.
    public struct File: Sendable, Hashable {
        public var path: String
        public var contents: String
    }

    /// The files a rules folder gets, paths relative to the folder.
    public static func rulesFolderFiles(_ api: RuleAPIDescription = .luagram) -> [File] {
        [
            File(path: luarcPath, contents: LuaRC.generate(api)),
            File(path: luacheckrcPath, contents: LuacheckRC.generate(api)),
            File(path: definitionsPath, contents: LuaLSDefinitions.generate(api)),
        ]
    }

    /// The Markdown reference of the rule API.
    public static func reference(_ api: RuleAPIDescription = .luagram) -> File {
        File(path: referencePath, contents: RuleAPIReference.generate(api))
    }
}
