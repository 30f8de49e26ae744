import Foundation

/// One rule file's text and its name relative to the rules folder.
public struct RuleSource: Sendable, Hashable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The rule files of a folder and its subfolders, sorted by path: every `*.lua` except
    /// tests (`*_test.lua`) and hidden files. Unreadable files are reported, not skipped.
    public static func folder(_ path: String) throws -> (sources: [RuleSource], errors: [RuleLoadError]) {
        let (root, files) = try luaFiles(in: path)
        let names = files.filter { !$0.hasSuffix("_test.lua") }
        var sources: [RuleSource] = []
        var errors: [RuleLoadError] = []
        for name in names {
            do {
                let data = try Data(contentsOf: root.appendingPathComponent(name))
                sources.append(RuleSource(name: name, bytes: Array(data)))
            } catch {
                errors.append(RuleLoadError(file: name, line: nil, message: "cannot read the file"))
            }
        }
        return (sources, errors)
    }
}

/// The rules folder does not exist or is not a folder.
public struct RuleFolderError: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "\(path): not a folder of rules" }
}

extension RuleSource {
    /// The rule tests of a folder and its subfolders (`*_test.lua`, not hidden), sorted, as
    /// paths relative to the folder.
    public static func testFiles(_ path: String) throws -> [String] {
        try luaFiles(in: path).names.filter { $0.hasSuffix("_test.lua") }
    }

    /// Every `*.lua` regular file under `path`, skipping hidden files and folders, sorted.
    private static func luaFiles(in path: String) throws -> (root: URL, names: [String]) {
        let root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleFolderError(path: path)
        }
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { throw RuleFolderError(path: path) }
        var names: [String] = []
        for case let url as URL in enumerator {
            let name = url.standardizedFileURL.path.dropFirst(root.path.count).drop { $0 == "/" }
            guard name.hasSuffix(".lua"), (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            else { continue }
            names.append(String(name))
        }
        return (root, names.sorted())
    }
}
