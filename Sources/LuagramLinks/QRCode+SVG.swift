extension QRCode {
    /// The light margin scanners need around a QR code, in modules (ISO/IEC 18004 asks for 4).
    public static let quietZone = 4

    /// A standalone SVG of the code: one white square, one black `<path>`.
    ///
    /// Coordinates are in modules (the `viewBox`), so the code scales without blurring;
    /// `crispEdges` keeps renderers from anti-aliasing the seams between adjacent runs,
    /// which would show as grey hairlines that confuse some scanners. `pixelsPerModule`
    /// only sets the default display size.
    public func svg(pixelsPerModule: Int = 8) -> String {
        let side = size + 2 * Self.quietZone
        let pixels = side * max(1, pixelsPerModule)
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                // One subpath per horizontal run of dark modules keeps the file small.
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                path += "M\(start + Self.quietZone) \(y + Self.quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(pixels)" height="\(pixels)" \
            shape-rendering="crispEdges">
            <rect width="\(side)" height="\(side)" fill="#ffffff"/>
            <path fill="#000000" d="\(path)"/>
            </svg>

            """
    }
}
