import Foundation
import LuagramDomain
import LuagramPostgres
import LuagramTestSupport
import Testing

@testable import LuagramStore

/// The stores a port test runs on: SQLite in a file and in memory always, PostgreSQL when
/// `LUAGRAM_TEST_DATABASE_URL` names a server (`scripts/test` starts one).
enum PortStoreKind: String, CaseIterable, CustomTestStringConvertible {
    case file
    case memory
    case postgres

    var testDescription: String { rawValue }

    /// The server the PostgreSQL half runs on, if any.
    static let serverURL: String? = ProcessInfo.processInfo.environment["LUAGRAM_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Every kind this run can use.
    static var available: [PortStoreKind] { serverURL == nil ? [.file, .memory] : allCases }
}

/// A fresh store of one kind for one test: a new SQLite file in its own folder, or a new
/// schema on the test server (dropped by `close()`), so tests never see each other's rows.
final class PortHarness: @unchecked Sendable {
    let kind: PortStoreKind
    let folder: TemporaryFolder
    private(set) var sqlite: SQLiteStore?
    private(set) var postgres: PostgresStore?
    private let schemaURL: String?

    private init(kind: PortStoreKind, folder: TemporaryFolder, schemaURL: String?) {
        self.kind = kind
        self.folder = folder
        self.schemaURL = schemaURL
    }

    static func open(_ kind: PortStoreKind) async throws -> PortHarness {
        let folder = try TemporaryFolder()
        switch kind {
        case .file, .memory:
            let harness = PortHarness(kind: kind, folder: folder, schemaURL: nil)
            harness.sqlite = try kind == .file ? SQLiteStore(path: folder.path + "/luagram.sqlite") : SQLiteStore.inMemory()
            return harness
        case .postgres:
            let server = try #require(PortStoreKind.serverURL, "LUAGRAM_TEST_DATABASE_URL is not set")
            let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let url = server + (server.contains("?") ? "&" : "?") + "schema=\(schema)&pool=3"
            let harness = PortHarness(kind: kind, folder: folder, schemaURL: url)
            harness.postgres = try await PostgresStore(url: url)
            return harness
        }
    }

    /// Closes the store and opens it again, as a restart would (memory starts empty).
    func reopen() async throws {
        if let sqlite {
            try sqlite.close()
            self.sqlite = try kind == .file ? SQLiteStore(path: folder.path + "/luagram.sqlite") : SQLiteStore.inMemory()
        }
        if let postgres, let schemaURL {
            await postgres.close()
            self.postgres = try await PostgresStore(url: schemaURL)
        }
    }

    /// Closes the store; on PostgreSQL, drops the test's schema with its rows.
    func close() async throws {
        try sqlite?.close()
        if let postgres {
            try await postgres.dropSchemaForTests()
            await postgres.close()
        }
    }
}
