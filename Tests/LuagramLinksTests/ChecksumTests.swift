import LuagramLinks
import Testing

@Suite("PNG checksums")
struct ChecksumTests {
    @Test("CRC-32 matches the standard check value and zlib's")
    func crc32() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
    }

    @Test("Adler-32 matches RFC 1950's definition, also past the overflow guard")
    func adler32() {
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Adler32.checksum([]) == 1)
        // 100,000 bytes of 0xFF crosses the 5,552-byte reduction many times.
        let bytes = [UInt8](repeating: 0xFF, count: 100_000)
        var a: UInt64 = 1
        var b: UInt64 = 0
        for byte in bytes {
            a = (a + UInt64(byte)) % 65_521
            b = (b + a) % 65_521
        }
        #expect(Adler32.checksum(bytes) == UInt32(b << 16 | a))
    }
}
