import Foundation
import LuagramDomain
import LuagramLua
import Logging

extension RuleSet {
    /// Runs every handler registered for the event's kind, in order, each under its own
    /// budget. A handler that fails is reported and its intents and contact changes are
    /// dropped; the handlers after it still run. `decider` (by default the options') decides
    /// on each intent as it is recorded; give one that knows this contact's conversation.
    public func dispatch(_ event: Event, at now: Date, decider: (any IntentDecider)? = nil) -> DispatchResult {
        let registered = (handlers[event.kind] ?? []).filter { !suspensions.isSuspended($0.handler, at: now) }
        guard !registered.isEmpty else {
            return DispatchResult(intents: [], failures: [], contact: event.contact, logs: [], handlersRun: 0)
        }
        let state = DispatchState(event: event, now: now, handlers: registered.map(\.handler), current: currentHandler)
        state.decider = decider ?? options.decider
        // each file's VM gets the event when its first handler runs, as a view of one image
        let image = LuaValueImage(Self.fields(of: event))
        var touched: [RuleSandbox] = []
        defer {
            for sandbox in touched {
                sandbox.vm.endEvent()
                if let view = sandbox.api.event { sandbox.vm.release(view) }
                sandbox.api.dispatch = nil
                sandbox.api.event = nil
            }
        }
        var failures: [HandlerFailure] = []
        for (index, entry) in registered.enumerated() {
            let sandbox = sandboxes[entry.sandbox]
            currentHandler.pointee = Int32(index)
            do {
                let view: LuaRef
                if let known = sandbox.api.event {
                    view = known
                } else {
                    sandbox.vm.now = now.timeIntervalSince1970
                    view = try sandbox.vm.pushEvent(image)
                    touched.append(sandbox)
                    state.eventVMs.append(sandbox.vm)
                    // the image holds the tags the event came with; a handler before may have changed them
                    if state.contact.tags != event.contact.tags { sandbox.vm.setEventTags(state.contact.tags.map { .string($0) }) }
                    sandbox.api.dispatch = state
                    sandbox.api.event = view
                }
                try sandbox.vm.run(entry.function, refs: [view], timeout: options.budgets.handlerTime)
            } catch {
                failures.append(fail(entry.handler, index: index, error: error, state: state, at: now))
            }
        }
        return DispatchResult(
            intents: state.intents, failures: failures, contact: state.contact, logs: state.logs,
            handlersRun: registered.count)
    }

    /// Undoes what a failed handler did, counts an overrun towards its suspension, logs it.
    private func fail(_ handler: RuleHandler, index: Int, error: LuaError, state: DispatchState, at now: Date)
        -> HandlerFailure
    {
        if let changed = state.undo(handler: index), changed.tags != state.contact.tags { state.showTags() }
        var failure = HandlerFailure(handler: handler, eventID: state.event.id, error: error)
        if error.kind == .time || error.kind == .memory, let until = suspensions.noteOverrun(of: handler, at: now) {
            failure.suspendedUntil = until
            options.logger.error(
                "rule handler suspended: it ran out of its budget \(suspensions.policy.limit) times",
                metadata: ["handler": .string(handler.name), "until": .stringConvertible(until)])
        }
        options.logger.warning(
            "rule handler failed", metadata: ["error": .string(failure.description), "kind": .string(error.kind.rawValue)])
        return failure
    }

    /// The event's fields as handlers see them.
    private static func fields(of event: Event) -> LuaValue {
        let contact = event.contact
        var contactFields: [String: LuaValue] = [
            "id": .string(contact.id),
            "display_name": .string(contact.displayName),
            "tags": .array(contact.tags.map { .string($0) }),
        ]
        if let username = contact.username { contactFields["username"] = .string(username) }
        if let name = contact.name { contactFields["name"] = .string(name) }
        var fields: [String: LuaValue] = event.fields.mapValues(\.lua)
        fields["kind"] = .string(event.kind.rawValue)
        fields["id"] = .string(event.id)
        fields["time"] = .number(event.time.timeIntervalSince1970)
        fields["account"] = .string(event.account)
        fields["text"] = event.text.map { .string($0) } ?? .nil
        fields["attachments"] = .array(event.attachments.map(\.lua))
        fields["contact"] = .map(contactFields)
        return .map(fields)
    }
}
