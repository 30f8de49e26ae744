/// Writes black-and-white images as 1-bit greyscale PNG files, without zlib or any image
/// library.
///
/// The image data goes in *stored* (uncompressed) deflate blocks: a QR code at 1 bit per
/// pixel is small enough that real compression is not worth a dependency, and every
/// decoder must accept stored blocks.
public enum PNGWriter {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The largest payload of one stored deflate block.
    static let maximumStoredBlock = 65_535

    /// The PNG bytes of a `width` × `height` image whose pixel at (x, y) is black when `isBlack` says so.
    public static func png(width: Int, height: Int, isBlack: (_ x: Int, _ y: Int) -> Bool) -> [UInt8] {
        precondition(width > 0 && height > 0, "a PNG has at least one pixel")
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        // bit depth 1, colour type 0 (greyscale), deflate, filter method 0, no interlace
        header += [1, 0, 0, 0, 0]

        var raw: [UInt8] = []
        let rowBytes = (width + 7) / 8
        raw.reserveCapacity(height * (rowBytes + 1))
        for y in 0..<height {
            raw.append(0)  // filter type None
            var byte: UInt8 = 0
            for x in 0..<width {
                // In greyscale 1 is white; bits fill each byte from the most significant one.
                if !isBlack(x, y) { byte |= 0x80 >> UInt8(x % 8) }
                if x % 8 == 7 || x == width - 1 {
                    raw.append(byte)
                    byte = 0
                }
            }
        }

        var file = signature
        appendChunk("IHDR", header, to: &file)
        appendChunk("IDAT", zlibStored(raw), to: &file)
        appendChunk("IEND", [], to: &file)
        return file
    }

    /// A zlib stream (RFC 1950) holding `data` in stored deflate blocks (RFC 1951, section 3.2.4).
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        // CM 8 (deflate), 32 KiB window, no dictionary, fastest level; 0x7801 is a multiple of 31.
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let end = min(start + maximumStoredBlock, data.count)
            let length = UInt16(end - start)
            out.append(end == data.count ? 1 : 0)  // BFINAL, BTYPE 00
            out.appendLittleEndian(length)
            out.appendLittleEndian(~length)
            out += data[start..<end]
            start = end
        } while start < data.count
        out.appendBigEndian(Adler32.checksum(data))
        return out
    }

    static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        file.appendBigEndian(UInt32(data.count))
        file += typeBytes
        file += data
        var crc = CRC32()
        crc.update(typeBytes)
        crc.update(data)
        file.appendBigEndian(crc.value)
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }

    mutating func appendLittleEndian(_ value: UInt16) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)])
    }
}
