import Dispatch
import Synchronization

/// Waits on the calling thread for async work: how a Lua function of a test file, which
/// must answer synchronously, drives the async pipeline.
///
/// Only for threads of our own (`RuleTestFile` runs each file on one): the work runs on
/// Swift's cooperative pool, which a blocked pool thread could starve.
func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
        result.withLock { $0 = outcome }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}

/// A non-`Sendable` value handed to a task that the handing thread waits for: only one of
/// them touches it at a time, which the compiler cannot see.
struct Handed<Value>: @unchecked Sendable {
    let value: Value
}
