import ArgumentParser
import Foundation
import LuagramRules

/// `luagram init DIR`: a new rules folder with a first rule, its tests, a recorded webhook,
/// and the files editors and luacheck need, generated from the rule API registry.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a rules folder: a first rule, its test, and the editor and luacheck files.",
        discussion: """
            Creates DIR with welcome.lua, welcome_test.lua, events/dm.json, .luarc.json and .luagram/luagram.lua (the \
            Lua language server's configuration and definitions of the rule API) and .luacheckrc, and luagram.yaml beside DIR: the configuration file, commented. With \
            --editor-files-only, (re)writes just the generated files into an existing folder, for a folder made by \
            hand or after upgrading Luagram.
            """
    )

    @Argument(help: ArgumentHelp("The rules folder to create.", valueName: "dir"))
    var folder: String

    @Flag(help: "Write into a folder that is not empty, replacing files of the same names.")
    var force = false

    @Flag(help: "Only (re)write .luarc.json, .luacheckrc and .luagram/luagram.lua into an existing folder.")
    var editorFilesOnly = false

    @Option(help: ArgumentHelp("Also write the Markdown reference of the rule API to this file.", valueName: "file"))
    var reference: String?

    func run() throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: folder, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw fail("\(folder) exists and is not a folder") }
        let generated = EditorFiles.rulesFolderFiles()

        if editorFilesOnly {
            guard exists else { throw fail("\(folder): no such folder (luagram init \(folder) creates one)") }
            try write(generated.map { ($0.path, $0.contents) })
            try writeReference()
            for file in generated { print("wrote \(path(file.path))") }
            return
        }

        if exists, !force, let contents = try? manager.contentsOfDirectory(atPath: folder), !contents.isEmpty {
            throw fail("\(folder) is not empty; choose a new folder, or give --force to write into it")
        }
        try write(InitTemplate.files.map { ($0.path, $0.contents) } + generated.map { ($0.path, $0.contents) })
        try writeReference()
        let configPath = try writeConfig()
        var created = InitTemplate.files.map { ($0.path, $0.about) }
        created += [
            (EditorFiles.luarcPath, "the Lua language server's configuration (VS Code, Neovim, …)"),
            (EditorFiles.definitionsPath, "definitions of the rule API, for completion and docs"),
            (EditorFiles.luacheckrcPath, "luacheck's configuration"),
        ]
        print("Created \(folder):")
        printAligned(created)
        if let configPath {
            print("Wrote \(configPath): the configuration, commented, every key at its default")
        }
        print("")
        print("Next steps:")
        printAligned([
            ("luagram test --rules \(folder)", "run the tests"),
            ("luagram serve --dev --rules \(folder)", "serve the rules on 127.0.0.1:8080"),
            ("cd \(folder) && luacheck .", "lint the rules"),
        ] + (configPath.map { [("luagram serve --dev --config \($0)", "the same, with the configuration file")] } ?? []))
    }

    /// Two columns, the second aligned.
    private func printAligned(_ rows: [(String, String)]) {
        let width = (rows.map(\.0.count).max() ?? 0) + 3
        for (left, right) in rows { print("  " + left.padding(toLength: width, withPad: " ", startingAt: 0) + right) }
    }

    /// Writes files under the folder, creating it and sub-folders as needed.
    private func write(_ files: [(path: String, contents: String)]) throws {
        let root = URL(fileURLWithPath: folder, isDirectory: true)
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url, options: .atomic)
        }
    }

    /// The commented configuration file beside the rules folder, unless one is there already
    /// (it is the user's); its path, or nil when kept.
    private func writeConfig() throws -> String? {
        let rulesURL = URL(fileURLWithPath: folder).standardizedFileURL
        let url = rulesURL.deletingLastPathComponent().appendingPathComponent(ConfigTemplate.fileName)
        let shown = (folder as NSString).deletingLastPathComponent
        let path = shown.isEmpty ? ConfigTemplate.fileName : shown + "/" + ConfigTemplate.fileName
        guard force || !FileManager.default.fileExists(atPath: url.path) else {
            print("kept \(path) (already there)")
            return nil
        }
        try Data(ConfigTemplate.yaml(rules: rulesURL.lastPathComponent).utf8).write(to: url, options: .atomic)
        return path
    }

    private func writeReference() throws {
        guard let reference else { return }
        let url = URL(fileURLWithPath: reference)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(EditorFiles.reference().contents.utf8).write(to: url, options: .atomic)
        print("wrote \(reference)")
    }

    private func path(_ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Says what is wrong on standard error; the caller throws the exit code.
    private func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("luagram init: \(message)\n".utf8))
        return .failure
    }
}
