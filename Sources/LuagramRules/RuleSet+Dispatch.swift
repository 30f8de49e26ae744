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
        vm.now = now.timeIntervalSince1970
        let state = makeState(for: event, at: now, handlers: registered.map(\.handler))
        state.decider = decider ?? api.options.decider
        api.dispatch = state
        defer {
            api.dispatch = nil
            for ref in [state.eventTable, state.contactTable, state.tagsTable] { vm.release(ref) }
        }
        var failures: [HandlerFailure] = []
        vm.runEach(
            registered.map(\.function), argument: state.eventTable, timeout: vm.budgets.handlerTime,
            current: currentHandler
        ) { index, error in
            if let changed = state.undo(handler: index), changed.tags != state.contact.tags {
                vm.replaceSequence(of: state.tagsTable, with: state.contact.tags.map { .string($0) })
            }
            let handler = registered[index].handler
            var failure = HandlerFailure(handler: handler, eventID: event.id, error: error)
            if error.kind == .time || error.kind == .memory, let until = suspensions.noteOverrun(of: handler, at: now) {
                failure.suspendedUntil = until
                api.options.logger.error(
                    "rule handler suspended: it ran out of its budget \(suspensions.policy.limit) times",
                    metadata: ["handler": .string(handler.name), "until": .stringConvertible(until)])
            }
            failures.append(failure)
            api.options.logger.warning(
                "rule handler failed",
                metadata: ["error": .string(failure.description), "kind": .string(error.kind.rawValue)])
        }
        return DispatchResult(
            intents: state.intents, failures: failures, contact: state.contact, logs: state.logs,
            handlersRun: registered.count)
    }

    /// The event as handlers see it: a read-only table with methods, built once and shared by
    /// every handler (none can change what the next one sees).
    private func makeState(for event: Event, at now: Date, handlers: [RuleHandler]) -> DispatchState {
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

        let data = vm.makeValue(.map(fields))
        let contactData = vm.field("contact", of: data)!
        let tags = vm.field("tags", of: contactData)!
        vm.setMetatable(of: data, to: api.eventMetatable!)
        vm.setMetatable(of: contactData, to: api.contactMetatable!)
        let eventTable = vm.freeze(data)
        let contactTable = vm.field("contact", of: data)!  // the frozen contact, now in place
        vm.release(data)
        vm.release(contactData)
        return DispatchState(
            event: event, now: now, eventTable: eventTable, contactTable: contactTable, tagsTable: tags,
            handlers: handlers, current: currentHandler)
    }
}
