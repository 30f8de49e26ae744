/// The keys of the `Event.fields` flags the host itself acts on, shared by the wire layer
/// that sets them (`EventField` in LuagramInstagram) and the policy that reads them.
public enum EventFlag {
    /// true when the account itself is the author (an echo, the account's own comment).
    public static let fromSelf = "from_self"
    /// true on events from `entry[].standby[]`: another app holds the thread.
    public static let standby = "standby"
    /// true on the App Dashboard's sample payloads.
    public static let test = "test"
}
