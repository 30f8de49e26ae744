import Foundation

/// Durations as rule tests write them: "90s", "30m", "25h", "7d", "1d2h30m", or a number of
/// seconds.
enum TestDuration {
    static func seconds(_ text: String) -> TimeInterval? {
        if let plain = TimeInterval(text) { return plain }
        var total: TimeInterval = 0
        var digits = ""
        for character in text {
            if character.isNumber || character == "." {
                digits.append(character)
                continue
            }
            guard let amount = TimeInterval(digits) else { return nil }
            switch character {
            case "s": total += amount
            case "m": total += amount * 60
            case "h": total += amount * 3600
            case "d": total += amount * 86400
            default: return nil
            }
            digits = ""
        }
        return digits.isEmpty && !text.isEmpty ? total : nil
    }
}
