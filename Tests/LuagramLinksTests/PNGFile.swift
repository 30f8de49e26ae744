import LuagramLinks

/// A minimal reader for the PNGs `PNGWriter` makes (1-bit greyscale, stored deflate blocks),
/// checking every checksum on the way, so a test can look at the pixels.
struct PNGFile {
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    var chunkTypes: [String] = []
    var width = 0
    var height = 0
    var bitDepth: UInt8 = 0
    var colourType: UInt8 = 0
    var storedBlocks = 0
    private var rows: [[UInt8]] = []

    init(_ bytes: [UInt8]) throws {
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Invalid(description: "signature") }
        var offset = 8
        var idat: [UInt8] = []
        while offset < bytes.count {
            let length = Int(Self.bigEndian(bytes, offset))
            let type = Array(bytes[offset + 4..<offset + 8])
            let data = Array(bytes[offset + 8..<offset + 8 + length])
            guard CRC32.checksum(type + data) == Self.bigEndian(bytes, offset + 8 + length) else {
                throw Invalid(description: "CRC of \(String(decoding: type, as: UTF8.self))")
            }
            chunkTypes.append(String(decoding: type, as: UTF8.self))
            if chunkTypes.last == "IHDR" {
                width = Int(Self.bigEndian(data, 0))
                height = Int(Self.bigEndian(data, 4))
                bitDepth = data[8]
                colourType = data[9]
            }
            if chunkTypes.last == "IDAT" { idat += data }
            offset += 12 + length
        }
        let raw = try inflateStored(idat)
        let rowBytes = (width + 7) / 8
        guard raw.count == height * (rowBytes + 1) else { throw Invalid(description: "image data size") }
        for y in 0..<height {
            guard raw[y * (rowBytes + 1)] == 0 else { throw Invalid(description: "filter type") }
            rows.append(Array(raw[y * (rowBytes + 1) + 1..<(y + 1) * (rowBytes + 1)]))
        }
    }

    func isBlack(x: Int, y: Int) -> Bool {
        rows[y][x / 8] & (0x80 >> UInt8(x % 8)) == 0
    }

    private mutating func inflateStored(_ zlib: [UInt8]) throws -> [UInt8] {
        guard zlib.count >= 6, zlib[0] & 0x0F == 8, (Int(zlib[0]) << 8 | Int(zlib[1])) % 31 == 0 else {
            throw Invalid(description: "zlib header")
        }
        var out: [UInt8] = []
        var offset = 2
        var final = false
        while !final {
            final = zlib[offset] & 1 == 1
            guard zlib[offset] >> 1 & 3 == 0 else { throw Invalid(description: "not a stored block") }
            let length = Int(zlib[offset + 1]) | Int(zlib[offset + 2]) << 8
            let complement = Int(zlib[offset + 3]) | Int(zlib[offset + 4]) << 8
            guard length ^ complement == 0xFFFF else { throw Invalid(description: "NLEN") }
            out += zlib[offset + 5..<offset + 5 + length]
            offset += 5 + length
            storedBlocks += 1
        }
        guard Adler32.checksum(out) == Self.bigEndian(zlib, offset), offset + 4 == zlib.count else {
            throw Invalid(description: "Adler-32")
        }
        return out
    }

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
