import Logging
import LuagramApp
import LuagramDomain

extension ServeSettings {
    /// Runs `body` on the database these settings name, and closes it afterwards, also when
    /// `body` throws: a command's whole use of its store.
    func withStore<Result>(_ body: (any DataStore) async throws -> Result) async throws -> Result {
        var quiet = Logger(label: "luagram")
        quiet.logLevel = .error
        let store = try await StoreOpener.open(database, password: databasePassword, logger: quiet)
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }
}
