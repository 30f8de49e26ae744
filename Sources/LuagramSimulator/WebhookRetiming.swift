import Foundation
import LuagramDomain
import LuagramLua

/// A recorded webhook moved to the test's clock: the earliest of its timestamps becomes
/// `now` and every other keeps its distance from it, so a body with several items still
/// has them in their order and spacing. Meta writes milliseconds in messaging items and
/// has been seen writing seconds in comment entries; each stamp keeps its own unit.
enum WebhookRetiming {
    static func retimed(_ data: Data, to now: Date) throws -> Data {
        guard case .object(var body) = try JSONText.parse(data), case .array(var entries)? = body["entry"] else {
            throw LuaCallError("webhook: not a webhook body")
        }
        let stamps = entries.flatMap(Self.stamps(in:))
        guard let earliest = stamps.compactMap(Self.milliseconds).min() else { return data }
        let shift = MetaTime.milliseconds(now) - earliest
        for index in entries.indices {
            guard case .object(var entry) = entries[index] else { continue }
            entry["time"] = moved(entry["time"], by: shift)
            for list in ["messaging", "standby"] {
                guard case .array(var items)? = entry[list] else { continue }
                for item in items.indices {
                    guard case .object(var fields) = items[item] else { continue }
                    fields["timestamp"] = moved(fields["timestamp"], by: shift)
                    items[item] = .object(fields)
                }
                entry[list] = .array(items)
            }
            entries[index] = .object(entry)
        }
        body["entry"] = .array(entries)
        return Data(JSONText.serialize(.object(body)).utf8)
    }

    private static func stamps(in entry: Value) -> [Value] {
        guard case .object(let fields) = entry else { return [] }
        var found = [fields["time"]].compactMap { $0 }
        for list in ["messaging", "standby"] {
            guard case .array(let items)? = fields[list] else { continue }
            found += items.compactMap { $0["timestamp"] }
        }
        return found
    }

    /// Milliseconds at or above 1e11, seconds below (the rule `MetaTime` follows); nothing
    /// for what is no time (a recorded file can hold anything).
    private static func milliseconds(_ stamp: Value) -> Int64? {
        guard case .int(let value) = stamp, value > 0, value < 100_000_000_000_000 else { return nil }
        return value >= 100_000_000_000 ? value : value * 1000
    }

    private static func moved(_ stamp: Value?, by shift: Int64) -> Value? {
        guard let stamp, let before = milliseconds(stamp), case .int(let value) = stamp else { return stamp }
        let after = before + shift
        guard after > 0 else { return stamp }
        return .int(value >= 100_000_000_000 ? after : after / 1000)
    }
}
