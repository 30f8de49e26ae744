/// The Adler-32 checksum that ends a zlib stream (RFC 1950), which is how PNG wraps its
/// image data.
public struct Adler32: Sendable {
    private var a: UInt32 = 1
    private var b: UInt32 = 0

    public init() {}

    public mutating func update(_ bytes: some Sequence<UInt8>) {
        // 5,552 bytes is the most that can be summed before `b` could overflow 32 bits.
        var pending = 0
        for byte in bytes {
            a += UInt32(byte)
            b += a
            pending += 1
            if pending == 5_552 {
                a %= 65_521
                b %= 65_521
                pending = 0
            }
        }
        a %= 65_521
        b %= 65_521
    }

    public var value: UInt32 { b << 16 | a }

    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var adler = Adler32()
        adler.update(bytes)
        return adler.value
    }
}
