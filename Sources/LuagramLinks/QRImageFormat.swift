/// The image formats a QR code can be written in, chosen by a file's extension so that
/// `--qr poster.svg` and `--qr story.png` need no separate flag.
public enum QRImageFormat: String, Sendable, CaseIterable {
    case svg
    case png

    /// The format named by `path`'s extension (any letter case), or `nil` for any other extension.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(rawValue: path[path.index(after: dot)...].lowercased())
    }

    /// The file's bytes.
    public func render(_ code: QRCode) -> [UInt8] {
        switch self {
        case .svg: Array(code.svg().utf8)
        case .png: code.png()
        }
    }
}
