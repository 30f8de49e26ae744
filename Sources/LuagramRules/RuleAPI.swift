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
    /// The event being handled, while one is.
    var dispatch: DispatchState?
    var sequence = 0
    /// Metatables giving event and contact tables their methods.
    private(set) var eventMetatable: LuaRef?
    private(set) var contactMetatable: LuaRef?

    init(options: RuleOptions) {
        self.options = options
    }

    func install(on vm: LuaVM) {
        vm.setGlobal("on") { [unowned self] call in try self.on(call) }
        vm.setGlobal("broadcast") { [unowned self] call in try self.broadcast(call) }
        vm.setGlobal("now") { call in [.number(call.vm.now)] }
        vm.setGlobal("print") { [unowned self] call in
            self.log(.info, (1...max(1, call.count)).map { Self.display(call.argument($0)) }.joined(separator: "\t"), call)
            return []
        }
        vm.setGlobal(
            "log",
            library: [
                "info": { [unowned self] call in self.log(.info, Self.joined(call), call); return [] },
                "warn": { [unowned self] call in self.log(.warn, Self.joined(call), call); return [] },
                "error": { [unowned self] call in self.log(.error, Self.joined(call), call); return [] },
            ])
        vm.setGlobal("text", library: Self.textLibrary())
        let eventMethods = vm.makeTable(functions: [
            "reply": { [unowned self] call in try self.reply(call) },
            "private_reply": { [unowned self] call in try self.privateReply(call) },
            "follow_up": { [unowned self] call in try self.followUp(call) },
            "handoff": { [unowned self] call in try self.handoff(call) },
        ])
        let contactMethods = vm.makeTable(functions: [
            "tag": { [unowned self] call in try self.tag(call) },
            "untag": { [unowned self] call in try self.untag(call) },
            "has_tag": { [unowned self] call in try self.hasTag(call) },
            "get": { [unowned self] call in try self.get(call) },
            "set": { [unowned self] call in try self.set(call) },
        ])
        eventMetatable = vm.makeValue(.map([:]))
        contactMetatable = vm.makeValue(.map([:]))
        vm.setField("__index", of: eventMetatable!, to: eventMethods)
        vm.setField("__index", of: contactMetatable!, to: contactMethods)
    }

    // MARK: Load phase

    private func on(_ call: LuaCall) throws -> [LuaValue] {
        guard let file = loadingFile else {
            throw LuaCallError("on() registers handlers while the rule file loads; it cannot be called from a handler")
        }
        guard let kindName = call.argument(1).stringValue else {
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
        switch call.argument(3) {
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

    private static func joined(_ call: LuaCall) -> String {
        (1...max(1, call.count)).map { display(call.argument($0)) }.joined(separator: " ")
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
