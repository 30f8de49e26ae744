import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A path a rule test names (`t:webhook("events/dm.json")`), resolved and confined to the
/// rules folder: tests are shared like rules, and one must not read `../../etc/passwd`,
/// an absolute path, or a symlink pointing out of the folder.
struct RulesFolderPath {
    /// The rules folder, with its symlinks resolved.
    let root: String

    init(root: String) {
        self.root = Self.resolved(root) ?? URL(fileURLWithPath: root).standardizedFileURL.path
    }

    /// The real path of `path` (relative to `base`, or absolute), or an error naming it when
    /// it does not exist or resolves outside the rules folder.
    func confine(_ path: String, relativeTo base: String) throws(RulesFolderPathError) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        guard let real = Self.resolved(joined) else { throw .unreadable(path) }
        guard real == root || real.hasPrefix(root.hasSuffix("/") ? root : root + "/") else { throw .outside(path) }
        return real
    }

    /// Every symlink and `..` resolved by the system; nil when the path does not exist.
    static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// Why a rule test's path was refused.
enum RulesFolderPathError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case outside(String)

    var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path)"
        case .outside(let path): "\(path) is outside the rules folder: a test reads only files inside it"
        }
    }
}
