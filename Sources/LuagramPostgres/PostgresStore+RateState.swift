import Foundation
import LuagramDomain
import PostgresNIO

extension PostgresStore: RateStateStore {
    public func savedRateStates() async throws -> [String: SavedRateState] {
        let table = "account_rate_state"
        var states: [String: SavedRateState] = [:]
        let rows = try await client.allRows(
            """
            SELECT account, private_reply_calls, paused_until, paused_since, consecutive_throttles, error_code,
                error_subcode, error_message
            FROM account_rate_state
            """, logger: logger)
        for row in rows {
            let (account, callsText, pausedUntil, pausedSince, throttles, code, subcode, message) = try row.decode(
                (String, String, Int64?, Int64?, Int, Int?, Int?, String?).self)
            guard case .array(let times) = try StoredJSON.parse(callsText, table: table, column: "private_reply_calls") else {
                throw StoreError.corruptValue(table: table, column: "private_reply_calls", detail: "not an array")
            }
            let calls = try times.map { value -> Date in
                guard case .int(let micros) = value else {
                    throw StoreError.corruptValue(table: table, column: "private_reply_calls", detail: "a time is not an integer")
                }
                return StoredTime.date(micros)
            }
            states[account] = SavedRateState(
                state: RateState(
                    calls: calls.isEmpty ? [:] : [.privateReply: calls], pausedUntil: StoredTime.date(pausedUntil),
                    consecutiveThrottles: throttles),
                pausedSince: StoredTime.date(pausedSince),
                pauseFailure: message.map { SendFailure(code: code, subcode: subcode, message: $0) })
        }
        return states
    }

    /// One upsert per account (a node has a handful), in one transaction.
    public func saveRateStates(_ states: [String: SavedRateState], at time: Date) async throws {
        guard !states.isEmpty else { return }
        let updatedAt = StoredTime.micros(time)
        try await transaction { [self] connection in
            for (account, saved) in states.sorted(by: { $0.key < $1.key }) {
                let calls = JSONText.serialize(
                    .array((saved.state.calls[.privateReply] ?? []).map { .int(StoredTime.micros($0)) }))
                try await connection.execute(
                    """
                    INSERT INTO account_rate_state (account, private_reply_calls, paused_until, paused_since,
                        consecutive_throttles, error_code, error_subcode, error_message, updated_at)
                    VALUES (\(account), \(calls), \(StoredTime.micros(saved.state.pausedUntil)),
                        \(StoredTime.micros(saved.pausedSince)), \(saved.state.consecutiveThrottles),
                        \(saved.pauseFailure?.code), \(saved.pauseFailure?.subcode), \(saved.pauseFailure?.message), \(updatedAt))
                    ON CONFLICT (account) DO UPDATE SET private_reply_calls = excluded.private_reply_calls,
                        paused_until = excluded.paused_until, paused_since = excluded.paused_since,
                        consecutive_throttles = excluded.consecutive_throttles, error_code = excluded.error_code,
                        error_subcode = excluded.error_subcode, error_message = excluded.error_message,
                        updated_at = excluded.updated_at
                    """, logger: logger)
            }
        }
    }
}
