import Foundation
import LuagramDomain
import LuagramLua

/// Everything about the event being handled that the API methods need: the event, the
/// contact as the rules have changed it so far, and what has been recorded. Shared by the
/// VMs of every file whose handlers run; each VM has its own tables for the event.
final class DispatchState {
    let event: Event
    let now: Date
    /// The VMs that have the event so far (see `showTags`).
    var eventVMs: [LuaVM] = []
    /// The handlers that run, and where dispatch says which of them is running.
    let handlers: [RuleHandler]
    let current: UnsafeMutablePointer<Int32>
    /// Who decides on each intent of this event.
    var decider: any IntentDecider = BasicIntentDecider()
    var contact: Contact
    var intents: [RecordedIntent] = []
    /// The index (in `handlers`) of the handler that recorded each intent.
    var intentHandlers: [Int] = []
    var logs: [RuleLogEntry] = []
    /// The contact as it was before the running handler first changed it, so a failing
    /// handler's changes can be undone. Taken only on a handler's first change.
    var contactBeforeHandler: (index: Int, contact: Contact)?

    init(event: Event, now: Date, handlers: [RuleHandler], current: UnsafeMutablePointer<Int32>) {
        self.event = event
        self.now = now
        self.handlers = handlers
        self.current = current
        self.contact = event.contact
    }

    /// The index of the handler running now.
    var handlerIndex: Int { Int(current.pointee) }

    /// Call before the running handler changes the contact.
    func willChangeContact() {
        if contactBeforeHandler?.index != handlerIndex { contactBeforeHandler = (handlerIndex, contact) }
    }

    /// Makes `ev.contact.tags` show the contact's tags in every VM that has the event, so
    /// the handlers after a tag or untag see it, whichever file they are in.
    func showTags() {
        let tags = contact.tags.map { LuaValue.string($0) }
        for vm in eventVMs { vm.setEventTags(tags) }
    }

    /// Drops what handler `index` recorded and changed; returns the contact it had changed,
    /// if it had.
    func undo(handler index: Int) -> Contact? {
        while intentHandlers.last == index {
            intents.removeLast()
            intentHandlers.removeLast()
        }
        guard let before = contactBeforeHandler, before.index == index else { return nil }
        let changed = contact
        contact = before.contact
        contactBeforeHandler = nil
        return changed
    }
}
