import CLua
import CLuaShim

/// A value written once in the layout the shim's event views read (`LG_IMAGE_*` in
/// lg_shim.h), so that every VM the event reaches gets it as one string and reads only the
/// fields its handlers touch.
public struct LuaValueImage: Sendable {
    var bytes: [UInt8] = []

    public init(_ value: LuaValue) {
        bytes.reserveCapacity(512)
        write(value)
    }

    private mutating func write(_ value: LuaValue) {
        switch value {
        case .nil, .opaque: write(op: LG_IMAGE_FALSE)  // never stored: the caller skips nil fields
        case .boolean(let b): write(op: b ? LG_IMAGE_TRUE : LG_IMAGE_FALSE)
        case .integer(let i):
            write(op: LG_IMAGE_INTEGER)
            withUnsafeBytes(of: i) { bytes.append(contentsOf: $0) }
        case .number(let d):
            write(op: LG_IMAGE_NUMBER)
            withUnsafeBytes(of: d) { bytes.append(contentsOf: $0) }
        case .string(let s):
            var s = s
            s.withUTF8 { write(string: UnsafeRawBufferPointer($0)) }
        case .bytes(let b):
            b.withUnsafeBytes { write(string: $0) }
        case .table(let table):
            // the sequence ends at its first hole; what follows it is kept under its index
            let items = table.array.prefix { $0.isStorable }
            var fields = table.fields.filter { $0.value.isStorable }
            for (offset, item) in table.array.enumerated().dropFirst(items.count) where item.isStorable {
                fields[.integer(Int64(offset + 1))] = item
            }
            write(op: LG_IMAGE_TABLE)
            let header = bytes.count
            write(UInt32(0))
            write(UInt32(clamping: items.count))
            write(UInt32(clamping: fields.count))
            for item in items { write(item) }
            for (key, item) in fields {
                write(key.value)
                write(item)
            }
            let size = UInt32(clamping: bytes.count - header - 12)
            withUnsafeBytes(of: size) { bytes.replaceSubrange(header..<header + 4, with: $0) }
        }
    }

    private mutating func write(op: Int) {
        bytes.append(UInt8(truncatingIfNeeded: op))
    }

    private mutating func write(_ n: UInt32) {
        withUnsafeBytes(of: n) { bytes.append(contentsOf: $0) }
    }

    private mutating func write(string: UnsafeRawBufferPointer) {
        write(op: LG_IMAGE_STRING)
        write(UInt32(clamping: string.count))
        bytes.append(contentsOf: string)
    }
}

extension LuaValue {
    /// Whether a table can hold it (nil and opaque values are left out).
    fileprivate var isStorable: Bool {
        switch self {
        case .nil, .opaque: false
        default: true
        }
    }
}

/// Reads values back out of an image (for a view a rule hands to the host).
struct LuaValueImageReader {
    let bytes: UnsafeRawBufferPointer

    /// The value at `offset` and where the next one starts.
    func value(at offset: Int, depth: Int, copy: inout HostCopy) throws(LuaCopyError) -> (LuaValue, Int) {
        try copy.count(value: 1)
        guard offset < bytes.count else { return (.nil, bytes.count) }
        switch Int(bytes[offset]) {
        case LG_IMAGE_STRING:
            let length = Int(u32(at: offset + 1))
            let start = offset + 5, end = min(start + length, bytes.count)
            try copy.count(bytes: end - start)
            let text = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            let value: LuaValue = String(validating: text, as: UTF8.self).map { .string($0) } ?? .bytes(Array(text))
            return (value, end)
        case LG_IMAGE_INTEGER:
            return (.integer(bytes.loadUnaligned(fromByteOffset: offset + 1, as: Int64.self)), offset + 9)
        case LG_IMAGE_NUMBER:
            return (.number(bytes.loadUnaligned(fromByteOffset: offset + 1, as: Double.self)), offset + 9)
        case LG_IMAGE_TRUE: return (.boolean(true), offset + 1)
        case LG_IMAGE_FALSE: return (.boolean(false), offset + 1)
        case LG_IMAGE_TABLE:
            guard depth < HostCopyLimits.depth else { throw .tooDeep }
            let end = offset + 13 + Int(u32(at: offset + 1))
            var table = LuaTable()
            var at = offset + 13
            for _ in 0..<u32(at: offset + 5) where at < end {
                let (item, next) = try value(at: at, depth: depth + 1, copy: &copy)
                table.array.append(item)
                at = next
            }
            for _ in 0..<u32(at: offset + 9) where at < end {
                let (key, afterKey) = try value(at: at, depth: depth + 1, copy: &copy)
                let (item, next) = try value(at: afterKey, depth: depth + 1, copy: &copy)
                if let key = LuaKey(key) { table.fields[key] = item }
                at = next
            }
            return (.table(table), end)
        default:
            return (.nil, bytes.count)
        }
    }

    private func u32(at offset: Int) -> UInt32 {
        offset + 4 <= bytes.count ? bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) : 0
    }
}

extension LuaKey {
    fileprivate init?(_ value: LuaValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .bytes(let b): self = .bytes(b)
        case .integer(let i): self = .integer(i)
        case .number(let d): self = .number(d)
        case .boolean(let b): self = .boolean(b)
        default: return nil
        }
    }
}

/// What a view of an event shows (see lg_view.c).
public enum LuaViewRole: Int32, Sendable {
    case event = 0, contact = 1, table = 2
}

extension LuaVM {
    /// Gives event and contact views their methods; once per VM.
    public func installViews(eventMethods: LuaRef, contactMethods: LuaRef) {
        pushRef(eventMethods)
        pushRef(contactMethods)
        guard lg_cpcall(L, lg_view_install, 2, 0) == LUA_OK else { fatalError("event views: \(readError())") }
    }

    /// Makes the event whose image this is the one being handled in this VM; returns the
    /// view handlers get as `ev`.
    public func pushEvent(_ image: LuaValueImage) throws(LuaError) -> LuaRef {
        let status = image.bytes.withUnsafeBufferPointer { buffer in
            lua_pushlightuserdata(L, UnsafeMutableRawPointer(mutating: buffer.baseAddress))
            lua_pushinteger(L, lua_Integer(buffer.count))
            return lg_cpcall(L, lg_view_push_event, 2, 1)
        }
        guard status == LUA_OK else { throw LuaError(kind: .runtime, message: readError()) }
        return popRef()
    }

    /// The current event's contact has these tags now (shown by `ev.contact.tags`).
    public func setEventTags(_ tags: [LuaValue]) {
        push(.array(tags))
        if lg_cpcall(L, lg_view_set_tags, 1, 0) != LUA_OK { _ = readError() }
    }

    /// No event is being handled in this VM any more: views kept by rules show the image.
    public func endEvent() {
        if lg_cpcall(L, lg_view_end, 0, 0) != LUA_OK { _ = readError() }
    }

    /// The view at `index` as a plain value, or nil when it is no view.
    func readView(at index: Int32, depth: Int, copy: inout HostCopy) throws(LuaCopyError) -> LuaValue? {
        var base: UnsafePointer<UInt8>?
        var size = 0
        var offset: UInt32 = 0
        let role = lg_view_locate(L, index, &base, &size, &offset)
        guard role >= 0, let base else { return nil }
        let reader = LuaValueImageReader(bytes: UnsafeRawBufferPointer(start: base, count: size))
        var (value, _) = try reader.value(at: Int(offset), depth: depth, copy: &copy)
        if role == LuaViewRole.contact.rawValue, lg_view_is_current(L, index, role) != 0, lg_view_push_live_tags(L) != 0,
            case .table(var contact) = value
        {
            defer { lg_pop(L, 1) }
            contact.fields[.string("tags")] = try read(at: lua_gettop(L), depth: depth + 1, copy: &copy)
            value = .table(contact)
        }
        return value
    }
}
