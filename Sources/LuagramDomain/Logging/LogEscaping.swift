/// Makes a client's text safe to write into a log line.
///
/// Agent names, webhook fields and error descriptions reach the logs, and a newline in
/// one would start a forged line ("…\n2026-… critical luagram : paused"), a carriage
/// return or an ANSI escape would rewrite what a terminal shows, and a bidirectional
/// override would reorder it. Every such character becomes a visible escape, and the
/// backslash itself is doubled, so an escaped line reads back unambiguously.
public enum LogEscaping {
    public static func escaped(_ text: String) -> String {
        // the common case, clean text, costs one scan and no copy
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where needsEscape(scalar): output += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional
    /// embeddings, overrides and isolates.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x5C, 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
