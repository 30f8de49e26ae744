import Foundation
import LuagramDomain
import LuagramStore
import LuagramTestSupport
import Testing

@Suite("luagram history and unsent messages")
struct HistoryUnsentTests {
    @Test func historyShowsThatAMessageWasUnsentAndNotItsText() async throws {
        let folder = try TemporaryFolder()
        let db = folder.path + "/luagram.db"
        let store = try SQLiteStore(path: db)
        let account = "17841400000000001"
        let message = Event(
            kind: .message, id: "mid.u", time: Date(timeIntervalSince1970: 1_795_000_000), account: account,
            contact: Contact(id: "42"), text: "please forget this")
        var unsend = Event(kind: .deleted, id: "mid.u", time: message.time.addingTimeInterval(30), account: account, contact: Contact(id: "42"))
        unsend.fields["mid"] = "mid.u"
        for event in [message, unsend] {
            _ = try await store.commit(
                EventOutcome(
                    key: EventKey(event), contact: ContactState(account: account, contact: event.contact),
                    inbound: InboundRecord(event), processedAt: event.time))
        }
        try store.close()

        let history = try LuagramProcess.run(["history", "--db", db, "--contact", "42"])
        #expect(history.status == 0, "\(history.errorOutput)")
        #expect(history.output.contains("(unsent 2026-11-18T11:07:10.000Z; its content was deleted)"), "\(history.output)")
        #expect(!history.output.contains("forget"))
    }
}
