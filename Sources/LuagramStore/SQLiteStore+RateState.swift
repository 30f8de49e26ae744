import Foundation
import GRDB
import LuagramDomain

extension SQLiteStore: RateStateStore {
    public func savedRateStates() async throws -> [String: SavedRateState] {
        try await writer.read { db in
            var states: [String: SavedRateState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM account_rate_state") {
                guard case .array(let times) = try row.json("private_reply_calls", in: "account_rate_state") else {
                    throw StoreError.corruptValue(table: "account_rate_state", column: "private_reply_calls", detail: "not an array")
                }
                let calls = try times.map { value -> Date in
                    guard case .int(let micros) = value else {
                        throw StoreError.corruptValue(
                            table: "account_rate_state", column: "private_reply_calls", detail: "a time is not an integer")
                    }
                    return Timestamp.date(micros)
                }
                let code = try row.optionalInt("error_code")
                let message: String? = try row.decode(forColumn: "error_message")
                let failure = message.map { SendFailure(code: code, subcode: try? row.optionalInt("error_subcode"), message: $0) }
                states[try row.decode(forColumn: "account")] = SavedRateState(
                    state: RateState(
                        calls: calls.isEmpty ? [:] : [.privateReply: calls], pausedUntil: try row.optionalTime("paused_until"),
                        consecutiveThrottles: try row.int("consecutive_throttles")),
                    pausedSince: try row.optionalTime("paused_since"), pauseFailure: failure)
            }
            return states
        }
    }

    public func saveRateStates(_ states: [String: SavedRateState], at time: Date) async throws {
        guard !states.isEmpty else { return }
        try await writer.write { db in
            for (account, saved) in states.sorted(by: { $0.key < $1.key }) {
                let calls = (saved.state.calls[.privateReply] ?? []).map { Value.int(Timestamp.micros($0)) }
                try db.executeCached(
                    sql: """
                        INSERT INTO account_rate_state (account, private_reply_calls, paused_until, paused_since,
                            consecutive_throttles, error_code, error_subcode, error_message, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (account) DO UPDATE SET private_reply_calls = excluded.private_reply_calls,
                            paused_until = excluded.paused_until, paused_since = excluded.paused_since,
                            consecutive_throttles = excluded.consecutive_throttles, error_code = excluded.error_code,
                            error_subcode = excluded.error_subcode, error_message = excluded.error_message,
                            updated_at = excluded.updated_at
                        """,
                    arguments: [
                        account, JSONText.serialize(.array(calls)), Timestamp.micros(saved.state.pausedUntil),
                        Timestamp.micros(saved.pausedSince), saved.state.consecutiveThrottles, saved.pauseFailure?.code,
                        saved.pauseFailure?.subcode, saved.pauseFailure?.message, Timestamp.micros(time),
                    ])
            }
        }
    }
}
