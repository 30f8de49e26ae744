import Foundation
import LuagramDomain

extension RuleRuntime {
    /// What the rule files look like on disk: names, sizes and modification times. A change
    /// in any of them means the folder changed.
    static func fingerprint(of folder: String) -> [String: String] {
        let root = URL(fileURLWithPath: folder, isDirectory: true)
        guard
            let walker = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey], options: [.skipsHiddenFiles])
        else { return [:] }
        var prints: [String: String] = [:]
        for case let url as URL in walker where url.pathExtension == "lua" {
            let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
            prints[url.path] = "\(values?.fileSize ?? -1)@\(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)"
        }
        return prints
    }

    /// Reloads when a rule file was added, removed or changed since the last load (or when
    /// `force`d, as on SIGHUP); nil when there was nothing to do. A broken change keeps the
    /// running rules, as `reload` does.
    public func reloadIfChanged(force: Bool = false, now: Date) -> ReloadOutcome? {
        let current = Self.fingerprint(of: folder)
        guard force || current != loadedFingerprint else { return nil }
        loadedFingerprint = current
        return reload(now: now)
    }
}

extension RuleRuntime.ReloadOutcome: CustomStringConvertible {
    public var description: String {
        switch self {
        case .reloaded(let files, let handlers): "reloaded \(files) rule files with \(handlers) handlers"
        case .kept(let errors): "kept the running rules: " + errors.map(\.description).joined(separator: "; ")
        }
    }
}
