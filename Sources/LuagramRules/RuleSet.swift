import Foundation
import LuagramDomain
import LuagramLua

/// A set of rule files loaded into one sandboxed VM, ready to handle events.
///
/// Each file runs once, at load, in its own environment, and registers handlers with `on`.
/// A file that fails to load leaves no handler behind and is listed in `errors`; the files
/// that loaded keep working. Like its VM, a rule set belongs to one worker: it is not
/// `Sendable`.
public final class RuleSet {
    /// The files that loaded, in load order, with the handlers each registered.
    public private(set) var files: [RuleFile] = []
    /// The files that did not load.
    public private(set) var errors: [RuleLoadError] = []
    let vm: LuaVM
    let api: RuleAPI
    /// Handlers of each kind, in the order they run.
    private(set) var handlers: [EventKind: [(handler: RuleHandler, function: LuaRef)]] = [:]
    /// Where the VM says which handler of the running event is running.
    let currentHandler = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// Handlers set aside for running out of their budget again and again.
    var suspensions: HandlerSuspensions

    /// Loads rule sources at time `now` (what `now()` returns during the load phase).
    public init(sources: [RuleSource], options: RuleOptions = RuleOptions(), now: Date) throws(LuaError) {
        vm = try LuaVM(budgets: options.budgets)
        api = RuleAPI(options: options)
        suspensions = HandlerSuspensions(policy: options.overruns)
        api.install(on: vm)
        vm.now = now.timeIntervalSince1970
        for source in sources { load(source, maximumBytes: options.maximumFileBytes) }
        for kind in handlers.keys { handlers[kind]!.sort { RuleHandler.runsBefore($0.handler, $1.handler) } }
    }

    deinit {
        currentHandler.deallocate()
    }

    /// Loads every rule file of a folder (see `RuleSource.folder`).
    public convenience init(folder: String, options: RuleOptions = RuleOptions(), now: Date) throws {
        let (sources, unreadable) = try RuleSource.folder(folder)
        try self.init(sources: sources, options: options, now: now)
        errors = (errors + unreadable).sorted { $0.file < $1.file }
    }

    /// Every handler, in the order they would run for their kind.
    public var allHandlers: [RuleHandler] {
        handlers.keys.sorted().flatMap { handlers[$0]!.map(\.handler) }
    }

    /// The handlers that run for `kind`, in order.
    public func handlers(for kind: EventKind) -> [RuleHandler] {
        handlers[kind]?.map(\.handler) ?? []
    }

    /// Bytes the VM holds with these rules loaded.
    public var memoryInUse: Int { vm.memoryInUse }

    private func load(_ source: RuleSource, maximumBytes: Int) {
        guard source.bytes.count <= maximumBytes else {
            errors.append(RuleLoadError(file: source.name, line: nil, message: "larger than \(maximumBytes) bytes"))
            return
        }
        api.loadingFile = source.name
        api.pending = []
        defer {
            api.loadingFile = nil
            api.pending = []
        }
        do {
            let chunk = try vm.load(source.bytes, chunkName: "@" + source.name, environment: vm.newEnvironment())
            defer { vm.release(chunk) }
            try vm.run(chunk, timeout: vm.budgets.loadTime)
        } catch {
            for (_, function) in api.pending { vm.release(function) }
            errors.append(RuleLoadError(file: source.name, error: error))
            return
        }
        for (handler, function) in api.pending { handlers[handler.kind, default: []].append((handler, function)) }
        files.append(RuleFile(name: source.name, handlers: api.pending.map(\.0)))
    }
}

/// A rule file that loaded, and what it registered.
public struct RuleFile: Sendable, Hashable {
    public var name: String
    public var handlers: [RuleHandler]
}
