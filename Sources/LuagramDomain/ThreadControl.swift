import Foundation

/// Whether this app holds a contact's conversation, as the last webhook that said so left it.
///
/// With several apps on one account (an inbox beside Luagram), Meta hands each thread to one
/// of them; the others get its items as `standby` and their sends are refused with
/// 100/2534037 ("not the thread owner"), so the host refuses them first.
public struct ThreadControl: Sendable, Hashable {
    /// true while another app holds the thread.
    public var inStandby: Bool
    /// The time of the event that said so; an older event does not overturn it.
    public var since: Date

    public init(inStandby: Bool, since: Date) {
        self.inStandby = inStandby
        self.since = since
    }
}
