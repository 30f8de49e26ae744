/// A failure of Lua code run by the host, with the location Lua reported.
///
/// `message` is Lua's own first line, normally `file:line: text`; `location` is that
/// position parsed out, when there is one, and `detail` is `message` without it.
public struct LuaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this was.
    public enum Kind: String, Sendable, Hashable {
        /// The chunk did not compile.
        case syntax
        /// The code raised an error.
        case runtime
        /// The VM's memory budget was exhausted.
        case memory
        /// The call ran past its CPU (wall-clock) budget.
        case time
    }

    public var kind: Kind
    public var message: String
    public var traceback: String?

    public init(kind: Kind, message: String, traceback: String? = nil) {
        self.kind = kind
        self.message = message
        self.traceback = traceback
    }

    public var description: String { message }

    /// The `file:line` that starts the message, if it starts with one.
    public var location: (file: String, line: Int)? {
        Self.splitLocation(message).map { ($0.file, $0.line) }
    }

    /// Where the failing rule code is: the message's `file:line`, or else the innermost
    /// Lua frame of the traceback (an error raised without a position, such as
    /// `error({})` or `error("x", 0)`, still happened on some line).
    public var ruleLocation: (file: String, line: Int)? {
        if let location { return location }
        guard let traceback else { return nil }
        for frame in traceback.split(separator: "\n").dropFirst() {
            let text = String(frame.drop { $0 == "\t" || $0 == " " })
            guard let end = text.firstRange(of: ": in ") else { continue }
            let position = text[..<end.lowerBound]
            guard let colon = position.lastIndex(of: ":"), let line = Int(position[position.index(after: colon)...]) else {
                continue
            }
            return (String(position[..<colon]), line)
        }
        return nil
    }

    /// The message without its leading `file:line: `.
    public var detail: String {
        Self.splitLocation(message)?.rest ?? message
    }

    /// Splits `file:line: rest`; the file may itself contain colons, the line may not.
    static func splitLocation(_ message: String) -> (file: String, line: Int, rest: String)? {
        var search = message.startIndex
        while let colon = message[search...].firstIndex(of: ":") {
            let afterColon = message.index(after: colon)
            let digits = message[afterColon...].prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, let line = Int(digits), digits.endIndex < message.endIndex,
                message[digits.endIndex] == ":"
            {
                var rest = message[message.index(after: digits.endIndex)...]
                if rest.first == " " { rest = rest.dropFirst() }
                return (String(message[..<colon]), line, String(rest))
            }
            search = afterColon
        }
        return nil
    }
}
