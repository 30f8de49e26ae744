import Foundation

/// A value a configuration file or an environment variable can give, read from its text.
protocol ConfigText {
    init?(configText: String)
    /// What the text should be, for the error when it is not ("a whole number").
    static var expected: String { get }
}

extension String: ConfigText {
    init?(configText: String) { self = configText }
    static var expected: String { "text" }
}

extension Int: ConfigText {
    init?(configText: String) { self.init(configText.trimmingCharacters(in: .whitespaces)) }
    static var expected: String { "a whole number" }
}

extension Double: ConfigText {
    init?(configText: String) {
        guard let value = Double(configText.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
        self = value
    }
    static var expected: String { "a number" }
}

extension Bool: ConfigText {
    init?(configText: String) {
        switch configText.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": self = true
        case "false", "no", "off", "0": self = false
        default: return nil
        }
    }
    static var expected: String { "true or false" }
}
