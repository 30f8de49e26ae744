import CQREncode
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The module matrix of a QR code, made by libqrencode and kept in Swift memory, so that
/// the writers (SVG, PNG) never touch C pointers.
///
/// Error correction level M: a printed code stays readable with about 15% of it smudged or
/// covered, without growing as much as levels Q and H would for a long ref.
public struct QRCode: Sendable, Hashable {
    /// Modules per side, without the quiet zone.
    public let size: Int
    /// The symbol version (1...40) libqrencode chose: the smallest that fits the text.
    public let version: Int
    /// Row by row, `true` for a dark module.
    let modules: [Bool]

    /// Encodes `text` as 8-bit data (its UTF-8 bytes), so that a URL reads back byte for byte.
    public init(encoding text: String) throws(QRCodeError) {
        if text.utf8.contains(0) { throw .containsNul }
        // `nil` with errno set is libqrencode's only failure signal; errno is read before any
        // other call can overwrite it.
        let result: (code: UnsafeMutablePointer<QRcode>?, errno: Int32) = text.withCString { string in
            let code = QRcode_encodeString(string, 0, QR_ECLEVEL_M, QR_MODE_8, 1)
            return (code, code == nil ? errno : 0)
        }
        guard let code = result.code else {
            throw result.errno == ERANGE ? .tooLong(bytes: text.utf8.count) : .encodingFailed(errno: result.errno)
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Bit 0 of each byte is the module's colour; the other bits describe what the module is for.
        modules = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
        size = width
        version = Int(code.pointee.version)
    }

    /// Whether the module at column `x`, row `y` (from the top left) is dark; outside the
    /// symbol (the quiet zone) everything is light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// How many modules are dark, for checking a rendering against the matrix.
    public var darkModuleCount: Int { modules.lazy.filter { $0 }.count }
}
