extension QRCode {
    /// A PNG of the code with the quiet zone, `pixelsPerModule` pixels per module side.
    ///
    /// Whole pixels per module (no resampling) keep every module edge sharp; 8 makes a
    /// typical ig.me link's code about 300 pixels wide, plenty for a screen or a print.
    public func png(pixelsPerModule: Int = 8) -> [UInt8] {
        let scale = max(1, pixelsPerModule)
        let side = (size + 2 * Self.quietZone) * scale
        return PNGWriter.png(width: side, height: side) { x, y in
            isDark(x: x / scale - Self.quietZone, y: y / scale - Self.quietZone)
        }
    }
}
