import Foundation

/// Where the host gets the time from: the system in production, a hand-moved clock in tests.
public protocol Clock: Sendable {
    var now: Date { get }
}

/// The system's wall clock.
public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date() }
}
