import Foundation
import LuagramDomain
import LuagramLua

/// A set of rule files, each loaded into a sandboxed VM of its own, ready to handle events.
///
/// Each file runs once, at load, in its own VM, and registers handlers with `on`. A VM per
/// file keeps files apart the way a rule author expects: what a file allocates (and keeps)
/// counts against its own memory budget, so a file that hoards memory fails and is
/// suspended while the others keep working; globals, random state and the string
/// metatable are its own. A file that fails to load leaves no handler behind and is listed
/// in `errors`; the files that loaded keep working. Like its VMs, a rule set belongs to one
/// worker: it is not `Sendable`.
public final class RuleSet {
    /// The files that loaded, in load order, with the handlers each registered.
    public private(set) var files: [RuleFile] = []
    /// The files that did not load.
    public private(set) var errors: [RuleLoadError] = []
    let options: RuleOptions
    /// The VMs of the files that loaded, in load order (as `files`).
    private(set) var sandboxes: [RuleSandbox] = []
    /// Handlers of each kind, in the order they run, with the index of their file's sandbox.
    private(set) var handlers: [EventKind: [(handler: RuleHandler, sandbox: Int, function: LuaRef)]] = [:]
    /// Where dispatch says which handler of the running event is running.
    let currentHandler = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// Handlers set aside for running out of their budget again and again.
    var suspensions: HandlerSuspensions
    /// What `text.matches` folded before, for every file.
    let textCache = TextMatchCache()

    /// The most handlers one file may register: each costs the host memory outside the
    /// file's budget.
    static let maximumHandlersPerFile = 1000

    /// Loads rule sources at time `now` (what `now()` returns during the load phase).
    public init(sources: [RuleSource], options: RuleOptions = RuleOptions(), now: Date) throws(LuaError) {
        self.options = options
        suspensions = HandlerSuspensions(policy: options.overruns)
        for source in sources { try load(source, now: now) }
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

    /// Bytes the VMs hold with these rules loaded.
    public var memoryInUse: Int { sandboxes.reduce(0) { $0 + $1.vm.memoryInUse } }

    /// Loads one file into a VM of its own; throws only when no VM can be made at all.
    private func load(_ source: RuleSource, now: Date) throws(LuaError) {
        guard source.bytes.count <= options.maximumFileBytes else {
            errors.append(RuleLoadError(file: source.name, line: nil, message: "larger than \(options.maximumFileBytes) bytes"))
            return
        }
        let sandbox = try RuleSandbox(options: options, textCache: textCache, now: now)
        let api = sandbox.api
        let vm = sandbox.vm
        api.loadingFile = source.name
        api.maximumHandlers = Self.maximumHandlersPerFile
        defer {
            api.loadingFile = nil
            api.pending = []
        }
        do {
            let chunk = try vm.load(source.bytes, chunkName: "@" + source.name, environment: vm.newEnvironment())
            defer { vm.release(chunk) }
            try vm.run(chunk, timeout: vm.budgets.loadTime)
        } catch {
            errors.append(RuleLoadError(file: source.name, error: error))
            return
        }
        let index = sandboxes.count
        sandboxes.append(sandbox)
        for (handler, function) in api.pending {
            handlers[handler.kind, default: []].append((handler, index, function))
        }
        files.append(RuleFile(name: source.name, handlers: api.pending.map(\.0)))
    }
}

/// A rule file that loaded, and what it registered.
public struct RuleFile: Sendable, Hashable {
    public var name: String
    public var handlers: [RuleHandler]
}
