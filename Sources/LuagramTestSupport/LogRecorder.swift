import Logging
import Synchronization

/// A log sink tests read afterwards: to check that an operator would see a line, or that a
/// secret never reaches the log.
public final class LogRecorder: Sendable {
    /// One logged line: its level, message and metadata (the logger's and the call's).
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: Logger.Metadata
    }

    // Held by the recorder, so every copy of the handler writes to the same list.
    private let shared = Mutex<[Entry]>([])

    public init() {}

    public func logger(label: String = "test") -> Logger {
        Logger(label: label) { [self] _ in Forwarding(recorder: self) }
    }

    public var entries: [Entry] { shared.withLock { $0 } }

    /// Each entry as `level message metadata`, for searching the whole text.
    public var lines: [String] { entries.map { "\($0.level) \($0.message) \($0.metadata)" } }

    private struct Forwarding: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            recorder.shared.withLock { $0.append(Entry(level: event.level, message: "\(event.message)", metadata: all)) }
        }
    }
}
