/// The limits every call into a sandboxed VM runs under.
///
/// The defaults suit chat rules: a handler normally uses microseconds and a few kilobytes.
/// Memory is per VM, and rule sets give each rule file a VM of its own; time and pattern
/// steps are per call.
public struct LuaBudgets: Sendable, Hashable {
    /// Memory the VM may hold while rule code runs. Default 16 MiB.
    public var memoryBytes: Int
    /// CPU time one handler call may take (wall-clock time is capped at 20 times it). Default 50 ms.
    public var handlerTime: Duration
    /// CPU time one rule file's load phase may take (wall clock capped likewise). Default 1 s.
    public var loadTime: Duration
    /// Matcher steps one `string.find`/`match`/`gmatch` iteration/`gsub` call may take.
    /// Default 2,000,000 (a few milliseconds).
    public var patternSteps: Int

    public init(
        memoryBytes: Int = 16 << 20,
        handlerTime: Duration = .milliseconds(50),
        loadTime: Duration = .seconds(1),
        patternSteps: Int = 2_000_000
    ) {
        self.memoryBytes = memoryBytes
        self.handlerTime = handlerTime
        self.loadTime = loadTime
        self.patternSteps = patternSteps
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    public var milliseconds: Int { Int(nanoseconds / 1_000_000) }

    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
