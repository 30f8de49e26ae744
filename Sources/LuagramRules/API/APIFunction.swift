/// One function of the rule API (or of the test API): where it lives, what it takes and
/// returns, and what it does. The runtime binds the rule API by these names.
public struct APIFunction: Sendable, Hashable {
    /// Where rule authors find a function.
    public enum Owner: Sendable, Hashable {
        /// A global function: `on(…)`.
        case global
        /// A function of a global library table: `text.lower(…)`.
        case library(String)
        /// A method of the event handed to handlers: `ev:reply(…)`.
        case event
        /// A method of the event's contact: `ev.contact:tag(…)`.
        case contact
        /// A method of the context handed to a test (`*_test.lua` only): `t:message(…)`.
        case testContext

        /// How a call reads in Lua, before the function's name.
        public var prefix: String {
            switch self {
            case .global: ""
            case .library(let library): library + "."
            case .event: "ev:"
            case .contact: "ev.contact:"
            case .testContext: "t:"
            }
        }
    }

    public var name: String
    public var owner: Owner
    public var parameters: [APIParameter]
    public var returns: [APIReturn]
    public var doc: String

    public init(_ name: String, _ owner: Owner, _ parameters: [APIParameter] = [], returns: [APIReturn] = [], _ doc: String) {
        self.name = name
        self.owner = owner
        self.parameters = parameters
        self.returns = returns
        self.doc = doc
    }

    /// The function as rule authors write it, and the key the runtime binds it by:
    /// `on`, `log.info`, `ev:reply`, `ev.contact:tag`, `t:message`.
    public var path: String { owner.prefix + name }

    /// The call with its parameter names: `ev:follow_up(seconds, msg)`, `log.info(...)`.
    public var signature: String {
        "\(path)(\(parameters.map { $0.optional ? "\($0.name)?" : $0.name }.joined(separator: ", ")))"
    }
}
