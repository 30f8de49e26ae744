import Foundation
import LuagramDomain
import LuagramLua

/// Everything about the event being handled that the API methods need: the event, the
/// Lua tables standing for it, the contact as the rules have changed it so far, and what
/// has been recorded.
final class DispatchState {
    let event: Event
    let now: Date
    /// The frozen event table handlers receive, and its contact.
    let eventTable: LuaRef
    let contactTable: LuaRef
    /// The raw tags sequence behind the frozen `ev.contact.tags`, rewritten on tag/untag.
    let tagsTable: LuaRef
    var contact: Contact
    var intents: [RecordedIntent] = []
    var logs: [RuleLogEntry] = []
    /// The handler running now, and how many intents it has recorded.
    var handler: RuleHandler?
    var intentsOfHandler = 0

    init(event: Event, now: Date, eventTable: LuaRef, contactTable: LuaRef, tagsTable: LuaRef) {
        self.event = event
        self.now = now
        self.eventTable = eventTable
        self.contactTable = contactTable
        self.tagsTable = tagsTable
        self.contact = event.contact
    }
}
