/// How much of a value a rule may hand to the host in one piece.
///
/// A Lua table is copied into Swift as a tree, so a table that refers to itself would never
/// end, and one whose sub-tables are shared (`t = {t, t}` thirty times over) would be copied
/// billions of times though the rule's own memory holds only thirty tables. Copies are
/// refused past these limits, with an error the rule sees.
public enum HostCopyLimits {
    /// Nesting of tables.
    public static let depth = 32
    /// Values (tables, strings, numbers, …) in one copy, counting shared ones each time.
    public static let values = 100_000
    /// Bytes of strings (keys and values) in one copy, counting shared ones each time.
    public static let bytes = 8 << 20
}

/// Why a value could not be copied out of Lua.
public enum LuaCopyError: Error, Sendable, Hashable, CustomStringConvertible {
    case cyclic
    case tooDeep
    case tooManyValues
    case tooManyBytes

    public var description: String {
        switch self {
        case .cyclic: "a table that contains itself cannot be passed to the host"
        case .tooDeep: "tables nested more than \(HostCopyLimits.depth) levels deep cannot be passed to the host"
        case .tooManyValues: "the value is too large to pass to the host (more than \(HostCopyLimits.values) values)"
        case .tooManyBytes: "the value is too large to pass to the host (more than \(HostCopyLimits.bytes >> 20) MiB of text)"
        }
    }
}

/// The running count of one copy, and the tables on the path to the value being copied.
struct HostCopy {
    private var values = 0
    private var bytes = 0
    /// At most `HostCopyLimits.depth` long, so a scan beats hashing.
    private var path: [UnsafeRawPointer] = []

    mutating func count(value: Int) throws(LuaCopyError) {
        values += value
        if values > HostCopyLimits.values { throw .tooManyValues }
    }

    mutating func count(bytes: Int) throws(LuaCopyError) {
        self.bytes += bytes
        if self.bytes > HostCopyLimits.bytes { throw .tooManyBytes }
    }

    /// False when the table is already on the path: the value contains itself.
    mutating func enter(_ table: UnsafeRawPointer?) -> Bool {
        guard let table else { return true }
        if path.contains(table) { return false }
        path.append(table)
        return true
    }

    mutating func leave(_ table: UnsafeRawPointer?) {
        if table != nil { path.removeLast() }
    }
}

extension LuaValue {
    /// Bytes of text the value holds itself (not counting nested values).
    var byteCount: Int {
        switch self {
        case .string(let s): s.utf8.count
        case .bytes(let b): b.count
        default: 0
        }
    }
}

extension LuaKey {
    var byteCount: Int { value.byteCount }
}
