import Foundation
import LuagramDomain
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The sends a round has begun, written down just before each call to Meta: after a crash it
/// tells the rows a killed process had posted (ask Meta whether they arrived) from the ones
/// it had only claimed (send them). One `write` per call and no fsync: the kernel keeps
/// what a killed process wrote, so only a power cut in the middle of a round can lose
/// entries, and then those rows are sent without asking — the one case left where a reply
/// may go twice.
public final class SendJournal: Sendable {
    private let path: String
    private let descriptor: Int32
    private let lock = Mutex(())

    /// Opens (creating if needed) the journal at `path`.
    public init(path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SendJournalError(path: path, errno: errno) }
        self.path = path
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    /// The journal beside a database file.
    public static func path(forDatabase path: String) -> String { path + "-sends" }

    /// Notes that a row is about to be posted.
    public func beginning(_ id: OutboxID) {
        // base64: a rule may name its handler with any characters, a newline among them
        let line = Array("\(Data(id.rawValue.utf8).base64EncodedString())\n".utf8)
        lock.withLock { _ in _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } }
    }

    /// Forgets every entry: at the start of a round, when no row is in flight.
    public func clear() {
        lock.withLock { _ in _ = ftruncate(descriptor, 0) }
    }

    /// The rows with a send begun since the last `clear`.
    public func begun() -> Set<OutboxID> {
        let contents = lock.withLock { _ in FileManager.default.contents(atPath: path) } ?? Data()
        var ids: Set<OutboxID> = []
        for line in String(decoding: contents, as: UTF8.self).split(separator: "\n") {
            guard let id = Data(base64Encoded: String(line)) else { continue }
            ids.insert(OutboxID(rawValue: String(decoding: id, as: UTF8.self)))
        }
        return ids
    }
}

/// The send journal's file could not be opened.
public struct SendJournalError: Error, CustomStringConvertible {
    public var path: String
    public var errno: Int32

    public var description: String { "cannot open the send journal \(path): \(String(cString: strerror(errno)))" }
}
