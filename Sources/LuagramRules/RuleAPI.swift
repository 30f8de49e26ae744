import Foundation
import LuagramDomain
import LuagramLua
import Logging

/// The rule authors' API bound onto one VM: `on`, `broadcast`, `log`, `print`, `now`,
/// `text`, and the methods of events and contacts. It knows which phase the VM is in
/// (a file loading, an event being handled) and refuses calls that make no sense there.
final class RuleAPI {
    let options: RuleOptions
    /// The file whose load phase is running, while one is.
    var loadingFile: String?
    /// Handlers the loading file registered so far (kept only if the whole file loads).
    var pending: [(RuleHandler, LuaRef)] = []
    /// The most handlers the loading file may register.
    var maximumHandlers = Int.max
    /// The event being handled, while one is, and its view in this API's VM (made when
    /// the first handler of this VM runs).
    var dispatch: DispatchState?
    var event: LuaRef?
    var sequence = 0

    /// Shared by the VMs of one rule set (one worker's).
    let textCache: TextMatchCache

    init(options: RuleOptions, textCache: TextMatchCache) {
        self.options = options
        self.textCache = textCache
    }

    /// Binds the functions the registry (`RuleAPIDescription.luagram`) lists, each by its
    /// path, to its implementation. The registry is what the editor files and the rule API reference
    /// are generated from, so a function listed without an implementation, or implemented
    /// without being listed, is a programming error: it stops the process at the first VM.
    func install(on vm: LuaVM) {
        var implementations = self.implementations()
        var libraries: [String: [String: LuaFunction]] = [:]
        var eventMethods: [String: LuaFunction] = [:]
        var contactMethods: [String: LuaFunction] = [:]
        for function in RuleAPIDescription.luagram.functions {
            guard let body = implementations.removeValue(forKey: function.path) else {
                preconditionFailure("the rule API registry lists \(function.path), which has no implementation in RuleAPI")
            }
            switch function.owner {
            case .global: vm.setGlobal(function.name, function: body)
            case .library(let library): libraries[library, default: [:]][function.name] = body
            case .event: eventMethods[function.name] = body
            case .contact: contactMethods[function.name] = body
            case .testContext:
                preconditionFailure("\(function.path) belongs to the test API, which rules never get")
            }
        }
        precondition(
            implementations.isEmpty,
            "RuleAPI implements \(implementations.keys.sorted().joined(separator: ", ")), which the rule API registry does not list")
        for (name, library) in libraries { vm.setGlobal(name, library: library) }
        let eventTable = vm.makeTable(functions: eventMethods), contactTable = vm.makeTable(functions: contactMethods)
        vm.installViews(eventMethods: eventTable, contactMethods: contactTable)
        vm.release(eventTable)
        vm.release(contactTable)
    }

    /// Every function rules can call, by its path in the registry (`on`, `log.info`,
    /// `ev:reply`, `ev.contact:tag`, …).
    private func implementations() -> [String: LuaFunction] {
        var all: [String: LuaFunction] = [
            "on": { [unowned self] call in try self.on(call) },
            "broadcast": { [unowned self] call in try self.broadcast(call) },
            "now": { call in [.number(call.vm.now)] },
            "print": { [unowned self] call in
                self.log(.info, try (1...max(1, call.count)).map { try Self.display(call, $0) }.joined(separator: "\t"), call)
                return []
            },
            "log.info": { [unowned self] call in self.log(.info, try Self.joined(call), call); return [] },
            "log.warn": { [unowned self] call in self.log(.warn, try Self.joined(call), call); return [] },
            "log.error": { [unowned self] call in self.log(.error, try Self.joined(call), call); return [] },
            "ev:reply": { [unowned self] call in try self.reply(call) },
            "ev:private_reply": { [unowned self] call in try self.privateReply(call) },
            "ev:follow_up": { [unowned self] call in try self.followUp(call) },
            "ev:handoff": { [unowned self] call in try self.handoff(call) },
            "ev.contact:tag": { [unowned self] call in try self.tag(call) },
            "ev.contact:untag": { [unowned self] call in try self.untag(call) },
            "ev.contact:has_tag": { [unowned self] call in try self.hasTag(call) },
            "ev.contact:get": { [unowned self] call in try self.get(call) },
            "ev.contact:set": { [unowned self] call in try self.set(call) },
        ]
        for (name, function) in Self.textLibrary(cache: textCache) { all["text." + name] = function }
        return all
    }

    // MARK: Load phase

    private func on(_ call: LuaCall) throws -> [LuaValue] {
        guard let file = loadingFile else {
            throw LuaCallError("on() registers handlers while the rule file loads; it cannot be called from a handler")
        }
        guard pending.count < maximumHandlers else {
            throw LuaCallError("on: a rule file registers at most \(maximumHandlers) handlers")
        }
        guard let kindName = try call.argument(1).stringValue else {
            throw LuaCallError("on: the first argument must be an event kind (\(Self.kindList)), got \(call.typeName(1))")
        }
        guard let kind = EventKind(rawValue: kindName) else {
            throw LuaCallError("on: unknown event kind \"\(kindName)\" (expected one of: \(Self.kindList))")
        }
        guard call.typeName(2) == "function" else {
            throw LuaCallError("on: the second argument must be the handler function, got \(call.typeName(2))")
        }
        let line = call.caller?.line ?? 0
        var priority = 0
        var name = "\(file):\(line)"
        switch try call.argument(3) {
        case .nil:
            break
        case .table(let table):
            for (key, value) in table.fields {
                switch (key, value) {
                case (.string("priority"), let value):
                    guard let p = value.integerValue, let n = Int(exactly: p) else {
                        throw LuaCallError("on: priority must be an integer")
                    }
                    priority = n
                case (.string("name"), .string(let n)):
                    name = n
                default:
                    throw LuaCallError("on: unknown option \(key) (expected priority, name)")
                }
            }
        default:
            throw LuaCallError("on: the third argument must be an options table {priority = n, name = \"…\"}")
        }
        sequence += 1
        let handler = RuleHandler(kind: kind, file: file, line: line, name: name, priority: priority, sequence: sequence)
        pending.append((handler, call.ref(2)))
        return []
    }

    private static let kindList = EventKind.allCases.map(\.rawValue).sorted().joined(separator: ", ")

    // MARK: Logging

    private func log(_ level: RuleLogEntry.Level, _ message: String, _ call: LuaCall) {
        let source = call.caller.map { "\($0.file):\($0.line)" } ?? loadingFile ?? "?"
        let capped = message.count > 2000 ? String(message.prefix(2000)) + "…" : message
        let entry = RuleLogEntry(level: level, message: capped, source: source)
        dispatch?.logs.append(entry)
        let metadata: [String: Logging.Logger.MetadataValue] = ["rule": .string(source)]
        switch level {
        case .info: options.logger.info("\(capped)", metadata: metadata)
        case .warn: options.logger.warning("\(capped)", metadata: metadata)
        case .error: options.logger.error("\(capped)", metadata: metadata)
        }
    }

    private static func joined(_ call: LuaCall) throws -> String {
        try (1...max(1, call.count)).map { try display(call, $0) }.joined(separator: " ")
    }

    /// Argument `index` as `print` shows it; a table shows as "table" and is not copied.
    private static func display(_ call: LuaCall, _ index: Int) throws -> String {
        call.typeName(index) == "table" ? "table" : display(try call.argument(index))
    }

    static func display(_ value: LuaValue) -> String {
        switch value {
        case .nil: "nil"
        case .boolean(let b): String(b)
        case .integer(let i): String(i)
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(d)
        case .string(let s): s
        case .bytes(let b): String(decoding: b, as: UTF8.self)
        case .table: "table"
        case .opaque(let type): type
        }
    }
}
