import LuagramLua

/// Why a rule file did not load, at the position Lua reported.
public struct RuleLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, relative to the rules folder.
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    init(file: String, error: LuaError) {
        // errors raised in a file other than the one loading (a helper it called) keep the
        // position Lua gave; those without one are pinned on the file itself
        if let location = error.location, location.file == file {
            self.init(file: file, line: location.line, message: error.detail)
        } else {
            self.init(file: file, line: nil, message: error.message)
        }
    }

    /// `file:line: message`, the way compilers and editors expect it.
    public var description: String { described(relativeTo: nil) }

    /// The same, with the file shown under `folder` (as the user named it).
    public func described(relativeTo folder: String?) -> String {
        let path = Self.path(of: file, in: folder)
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }

    /// A rule file's path as the user would type it: under the folder they named.
    public static func path(of file: String, in folder: String?) -> String {
        guard let folder, !folder.isEmpty, folder != "." else { return file }
        return (folder.hasSuffix("/") ? folder : folder + "/") + file
    }
}
