import LuagramDomain

/// The rule API as data: every function the runtime binds for rules (and the test API of
/// `*_test.lua` files), the event kinds and their fields, the tables that cross the API, and
/// what the sandbox keeps of Lua's standard library.
///
/// It is the one description of the API: `RuleAPI.install(on:)` binds exactly the functions
/// named here (and stops if one has no implementation or an implementation is not listed),
/// and the editor definitions, the lint configuration and the Markdown reference are
/// generated from it (`EditorFiles`).
public struct RuleAPIDescription: Sendable {
    /// The functions bound in every rule file's environment, in the order the rule API reference
    /// lists them.
    public var functions: [APIFunction]
    /// The test API of `*_test.lua` files: the `test` global and the test context's methods.
    /// The test runner binds them; rules never see them.
    public var testFunctions: [APIFunction]
    /// Standard functions the sandbox changes and the editor files must define themselves
    /// (their library is disabled there so the removed ones are not offered): `os.time` & co.
    public var standardFunctions: [APIFunction]
    /// Fields every event has, whatever its kind.
    public var eventFields: [APIField]
    /// The kinds `on` accepts, with the fields each adds.
    public var eventKinds: [APIEventKind]
    /// The contact's fields (`ev.contact.id`, …); its methods are the functions owned by `.contact`.
    public var contactFields: [APIField]
    /// Tables that cross the rule API: options, messages, decisions, attachments, referrals, …
    public var tables: [APITable]
    /// Tables of the test API: event overrides, send expectations, options.
    public var testTables: [APITable]
    /// Named sets of string values: event kinds, reason codes, match modes.
    public var aliases: [APIAlias]
    /// What each library table (`log`, `text`, `os`) is for.
    public var libraryDocs: [String: String]
    /// The standard globals every rule environment gets (the sandbox's allow-list).
    public var sandboxGlobals: [APIStandardGlobal]
    /// Lua 5.4's standard globals, to tell what the sandbox removes.
    public var lua54Globals: [APIStandardGlobal]

    /// Luagram's rule API.
    public static let luagram = RuleAPIDescription(
        functions: ruleFunctions, testFunctions: testAPIFunctions, standardFunctions: osFunctions,
        eventFields: commonEventFields, eventKinds: kinds, contactFields: contact, tables: ruleTables,
        testTables: testAPITables, aliases: [eventKindAlias, reasonCodeAlias, matchModeAlias],
        libraryDocs: [
            "log": "The host log: each line carries the rule's `file:line`, and what a handler logs is kept with the event's decisions.",
            "text": "Unicode-aware text helpers: Lua's `string` library knows only ASCII, and contacts write in every language.",
            "os": "What the sandbox keeps of `os`: the clock. `os.time()` and `os.date()` read the host clock (a virtual one in tests).",
        ],
        sandboxGlobals: sandbox, lua54Globals: lua54)

    // MARK: Derived views

    /// The names of the globals the host adds (functions and library tables), in first-use order.
    public var hostGlobals: [String] {
        var names: [String] = []
        for function in functions {
            let name: String
            switch function.owner {
            case .global: name = function.name
            case .library(let library): name = library
            case .event, .contact, .testContext: continue
            }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// The functions of a host library (`log`, `text`).
    public func library(_ name: String) -> [APIFunction] {
        functions.filter { $0.owner == .library(name) }
    }

    /// Functions of one owner, from the rule API and the test API.
    public func functions(of owner: APIFunction.Owner) -> [APIFunction] {
        (functions + testFunctions).filter { $0.owner == owner }
    }

    /// Lua 5.4 standard names the sandbox takes away, as `name` or `library.field`, sorted:
    /// what the lint configuration declares undefined. Names the host binds again (`print`)
    /// are not among them.
    public var removedStandardNames: [String] {
        let kept = Dictionary(uniqueKeysWithValues: sandboxGlobals.map { ($0.name, $0) })
        let host = Set(hostGlobals)
        var removed: [String] = []
        for global in lua54Globals where !host.contains(global.name) {
            guard let sandboxed = kept[global.name] else {
                removed.append(global.name)
                continue
            }
            removed += global.fields.filter { !sandboxed.fields.contains($0) }.map { "\(global.name).\($0)" }
        }
        return removed.sorted()
    }

    /// Standard library tables that have fields the sandbox removes (`os`, `string`).
    public var trimmedLibraries: [String] {
        Array(Set(removedStandardNames.filter { $0.contains(".") }.map { String($0.split(separator: ".")[0]) })).sorted()
    }

    /// The table named `name` (`luagram.Decision`), from the rule or the test API.
    public func table(_ name: String) -> APITable? {
        (tables + testTables).first { $0.name == name }
    }
}
