/// Why libqrencode could not make a QR code of a text.
public enum QRCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// More than a version 40 symbol holds at level M (2,331 bytes).
    case tooLong(bytes: Int)
    /// libqrencode takes C strings, which end at the first NUL.
    case containsNul
    case encodingFailed(errno: Int32)

    public var description: String {
        switch self {
        case .tooLong(let bytes): "the text is too long for a QR code (\(bytes) bytes)"
        case .containsNul: "the text contains a NUL character, which a QR code of a link cannot carry"
        case .encodingFailed(let errno): "libqrencode could not encode the text (errno \(errno))"
        }
    }
}
