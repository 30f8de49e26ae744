import Dispatch
import GRDB
import LuagramDomain

/// Raw access for the store's own tests, which check what the protocols do not expose
/// (a pragma, that a table was left empty, a row changed by hand). Internal on purpose:
/// the engine goes through the protocols only.
extension SQLiteStore {
    /// One of the store's two files.
    enum File {
        case database
        case inbox
    }

    func writer(of file: File) -> any DatabaseWriter {
        file == .inbox ? inboxWriter : writer
    }

    /// A pragma's value as the file's writer connection sees it (where `synchronous` is set).
    func pragma(_ name: String, of file: File = .database) async throws -> String? {
        try await writer(of: file).writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA \(name)") }
    }

    /// The rows of a table, in whichever file holds it.
    func count(_ table: String) async throws -> Int {
        try await writer(of: table == "inbox" ? .inbox : .database).read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? 0
        }
    }

    func execute(_ sql: String, in file: File = .database) async throws {
        try await writer(of: file).write { try $0.execute(sql: sql) }
    }

    /// Holds a file's writer connection until `release` is signalled, calling `onStart`
    /// once it has it, so a test can make writes queue up behind it.
    func occupyWriter(of file: File, onStart: @escaping @Sendable () -> Void, until release: DispatchSemaphore) async throws {
        try await writer(of: file).writeWithoutTransaction { _ in
            onStart()
            release.wait()
        }
    }

    /// How many bodies have been handed to group commit so far.
    var inboxAppendsReceived: Int { inbox.received }
}
