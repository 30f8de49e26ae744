import Foundation
import LuagramDomain
import Testing

@testable import LuagramPostgres

/// Two Luagram nodes on one PostgreSQL database: two stores, each with its own pool, on one
/// schema. What SQLite gets from its single writer, PostgreSQL must get from locks.
@Suite("Two nodes on one PostgreSQL database", .enabled(if: PortStoreKind.serverURL != nil))
struct PostgresConcurrencyTests {
    /// Two nodes on a fresh schema, dropped afterwards whatever happens.
    static func withTwoNodes(_ body: (PostgresStore, PostgresStore) async throws -> Void) async throws {
        let server = try #require(PortStoreKind.serverURL)
        let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let url = server + (server.contains("?") ? "&" : "?") + "schema=\(schema)&pool=3"
        let first = try await PostgresStore(url: url)
        let second: PostgresStore
        do {
            second = try await PostgresStore(url: url)
        } catch {
            try? await first.dropSchemaForTests()
            await first.close()
            throw error
        }
        var failure: (any Error)?
        do { try await body(first, second) } catch { failure = error }
        await second.close()
        try? await first.dropSchemaForTests()
        await first.close()
        if let failure { throw failure }
    }

    @Test("two nodes claiming due sends at once never get the same row, and together get them all")
    func claimsAcrossNodesAreDisjoint() async throws {
        try await Self.withTwoNodes { a, b in
            let event = Sample.message(mid: "mid.in.1")
            let state = try await a.contactState(account: Sample.account, contact: event.contact.id)
            let outcome = Sample.outcome(event, state: state, decisions: (0..<60).map { Sample.reply("n\($0)", to: event, index: $0) })
            #expect(try await a.commit(outcome) == .committed)

            // Each node runs three senders, claiming small batches until nothing is due.
            let claims = try await withThrowingTaskGroup(of: [OutboxID].self) { group in
                for node in [a, b, a, b, a, b] {
                    group.addTask {
                        var mine: [OutboxID] = []
                        while true {
                            let batch = try await node.claimDueOutbox(limit: 4, now: Sample.at(5))
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.entry.id)
                        }
                    }
                }
                var all: [[OutboxID]] = []
                for try await claimed in group { all.append(claimed) }
                return all
            }
            let flat = claims.flatMap { $0 }
            #expect(flat.count == 60)
            #expect(Set(flat).count == 60, "a row was claimed twice")
            #expect(Set(flat) == Set(outcome.outbox.map(\.id)))
            #expect(try await b.outboxCounts() == [.sending: 60])
        }
    }

    @Test("two nodes committing the same event: exactly one commits, the other sees a duplicate")
    func sameKeyCommitsOnce() async throws {
        try await Self.withTwoNodes { a, b in
            for n in 1...8 {
                let event = Sample.message("hello \(n)", mid: "mid.same.\(n)", contact: n)
                // Both nodes loaded the contact before either committed.
                let state = try await a.contactState(account: Sample.account, contact: event.contact.id)
                let outcome = Sample.outcome(event, state: state, decisions: [Sample.reply("hi \(n)", to: event)])
                async let first = a.commit(outcome)
                async let second = b.commit(outcome)
                let results = try await [first, second]
                #expect(results.filter { $0 == .committed }.count == 1, "results \(results)")
                #expect(results.filter { $0 == .duplicate }.count == 1, "results \(results)")
            }
            #expect(try await a.count("processed_events") == 8)
            #expect(try await a.count("outbox") == 8)
            #expect(try await a.count("messages") == 16)
            #expect(try await a.count("decisions") == 8)
        }
    }

    @Test("two nodes writing the same contact from the same version: one commits, the other has a conflict and keeps nothing")
    func sameContactConflicts() async throws {
        try await Self.withTwoNodes { a, b in
            let contact = Sample.contactID(1)
            for round in 0..<6 {
                // Round 0 creates the contact (both based on 0); later rounds update it.
                let state = try await a.contactState(account: Sample.account, contact: contact)
                var one = Sample.outcome(Sample.message(mid: "mid.a.\(round)", at: Double(round)), state: state)
                one.contact.contact.tags = ["a"]
                var two = Sample.outcome(Sample.message(mid: "mid.b.\(round)", at: Double(round)), state: state)
                two.contact.contact.tags = ["b"]
                let keys = (one.key, two.key)
                async let first = a.commit(one)
                async let second = b.commit(two)
                let results = try await [first, second]
                #expect(results.sorted { "\($0)" < "\($1)" } == [.committed, .conflict], "round \(round): \(results)")
                let stored = try await b.contactState(account: Sample.account, contact: contact)
                #expect(stored.version == state.version + 1, "an update was lost")
                #expect(stored.contact.tags == (results[0] == .committed ? ["a"] : ["b"]))
                // the loser left nothing behind, its key least of all: its event runs again
                let loser = results[0] == .committed ? keys.1 : keys.0
                #expect(try await !a.hasProcessed(loser), "round \(round): the conflicting event's key was kept")
                #expect(try await a.count("messages") == round + 1)
            }
        }
    }

    @Test("two nodes committing batches that meet the same new accounts in opposite orders both commit, without a deadlock")
    func newAccountsInOppositeOrders() async throws {
        try await Self.withTwoNodes { a, b in
            for round in 0..<10 {
                let accounts = ["17841500000\(round)01", "17841500000\(round)02"]
                func outcome(_ account: String, contact: Int) -> EventOutcome {
                    var event = Sample.message(mid: "mid.\(round).\(contact)", contact: contact)
                    event.account = account
                    return Sample.outcome(event, state: ContactState(account: account, contact: Contact(id: event.contact.id)))
                }
                let first = [outcome(accounts[0], contact: 1), outcome(accounts[1], contact: 2)]
                let second = [outcome(accounts[1], contact: 3), outcome(accounts[0], contact: 4)]
                async let one = a.commit(first)
                async let two = b.commit(second)
                let results = try await [one, two]
                #expect(results == [[.committed, .committed], [.committed, .committed]], "round \(round)")
            }
            #expect(try await a.count("accounts") == 20)
        }
    }
}
