import Foundation
import LuagramDomain
import LuagramStore
import LuagramTestSupport
import Testing

@Suite("--no-human-agent")
struct HumanAgentFlagTests {
    static let account = "17841400000000001"
    static let contact = "1284567890123456"

    /// A database where the contact last wrote 30 hours ago.
    static func database() async throws -> (folder: TemporaryFolder, db: String) {
        let folder = try TemporaryFolder()
        let db = folder.path + "/luagram.db"
        let store = try SQLiteStore(path: db)
        let wrote = Date().addingTimeInterval(-30 * 3600)
        _ = try await store.commit(
            EventOutcome(
                key: EventKey(account: account, kind: "message", id: "m1"),
                contact: ContactState(
                    account: account, contact: Contact(id: contact), conversation: ConversationState(lastUserMessageAt: wrote)),
                processedAt: wrote))
        try store.close()
        return (folder, db)
    }

    @Test func sendWithNoHumanAgentRefusesAMessageAfter24HoursWithItsReason() async throws {
        let (folder, db) = try await Self.database()
        _ = folder
        let off = try LuagramProcess.run(
            ["send", "--db", db, "--contact", Self.contact, "--agent", "marta", "--text", "Sorry for the wait", "--no-human-agent"])
        #expect(off.status == 1)
        #expect(off.output.hasPrefix("refuse human_agent_disabled: "), "\(off.output)")

        let on = try LuagramProcess.run(["send", "--db", db, "--contact", Self.contact, "--agent", "marta", "--text", "Sorry for the wait"])
        #expect(on.status == 0, "\(on.errorOutput)")
        #expect(on.output.hasPrefix("send MESSAGE_TAG HUMAN_AGENT"), "\(on.output)")
    }

    @Test func serveOffersTheSwitchOnByDefault() throws {
        let help = try LuagramProcess.run(["serve", "--help"])
        #expect(help.output.contains("--human-agent/--no-human-agent"), "\(help.output)")
    }
}
