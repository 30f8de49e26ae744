/// Turns user-supplied text into something inert in each web context the widget uses.
///
/// Every context has its own rules, and the usual bug is escaping for the wrong one (HTML
/// entities do nothing inside a `<script>`), so each has its own function.
public enum WebEscaping {
    /// A double-quoted JavaScript string literal that is also valid JSON, pure ASCII, and
    /// safe inside an HTML `<script>` element.
    ///
    /// `<`, `>` and `&` become `\u003C`-style escapes so that no `</script>` or `<!--` can
    /// end or confuse the element; everything non-ASCII is escaped too, so the snippet
    /// survives a page served in a legacy encoding. U+2028 and U+2029 are line
    /// terminators in older JavaScript and would break the literal.
    public static func javaScriptString(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x20...0x7E where !"<>&'".utf16.contains(unit):
                out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                // UTF-16 code units, so characters beyond the BMP come out as surrogate pairs.
                let hex = String(unit, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }

    /// Text for HTML element content or a quoted attribute value.
    public static func html(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A URL query value: everything but RFC 3986's unreserved characters is percent-encoded,
    /// so `+` (a space to form decoders) and `&` keep their literal meaning.
    public static func queryValue(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
