import CLua
import CLuaShim

/// A value written once as a program for the shim's builder (`lg_event_build`), so that
/// several VMs can each build their own copy in one C call.
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
            write(op: LG_IMAGE_TABLE)
            write(UInt32(clamping: table.array.count))
            write(UInt32(clamping: table.fields.count))
            for (offset, item) in table.array.enumerated() where item.isStorable {
                write(.integer(Int64(offset + 1)))
                write(item)
                write(op: LG_IMAGE_SET)
            }
            for (key, item) in table.fields where item.isStorable {
                write(key.value)
                write(item)
                write(op: LG_IMAGE_SET)
            }
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

extension LuaVM {
    /// Builds an event from its image in one C call: the frozen event (with `eventMetatable`'s
    /// methods), its frozen contact (with `contactMetatable`'s), and the raw tags sequence
    /// behind `contact.tags`.
    public func buildEvent(_ image: LuaValueImage, eventMetatable: LuaRef, contactMetatable: LuaRef) throws(LuaError)
        -> (event: LuaRef, contact: LuaRef, tags: LuaRef)
    {
        let status = image.bytes.withUnsafeBufferPointer { buffer in
            lua_pushlightuserdata(L, UnsafeMutableRawPointer(mutating: buffer.baseAddress))
            lua_pushinteger(L, lua_Integer(buffer.count))
            pushRef(eventMetatable)
            pushRef(contactMetatable)
            return lg_cpcall(L, lg_event_build, 4, 3)
        }
        guard status == LUA_OK else { throw LuaError(kind: .runtime, message: readError()) }
        let tags = popRef()
        let contact = popRef()
        return (popRef(), contact, tags)
    }
}
