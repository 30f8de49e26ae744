import Synchronization

/// A request to load the rules again now (SIGHUP), taken by the processing loop at its next
/// look at the rules folder.
public final class ReloadRequest: Sendable {
    private let pending = Atomic(false)

    public init() {}

    public func request() { pending.store(true, ordering: .relaxed) }

    func take() -> Bool { pending.exchange(false, ordering: .relaxed) }
}
