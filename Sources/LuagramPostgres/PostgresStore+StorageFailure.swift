import PostgresNIO

extension PostgresStore {
    /// Whether an error is the database failing underneath (the server gone or out of
    /// resources, a lock or serialization conflict, the work cancelled) rather than
    /// something about the data being written: the PostgreSQL counterpart of the SQLite
    /// result codes `SQLiteStore.isStorageFailure` names. Such an error gives a released
    /// inbox body its attempt back.
    static func isStorageFailure(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        if let failure = error as? PostgresFailure { return isStorageFailure(failure.underlying) }
        if let transaction = error as? PostgresTransactionError {
            // The first error is the cause; a failed rollback after it is not.
            let cause = transaction.beginError ?? transaction.closureError ?? transaction.commitError
            return cause.map(isStorageFailure) ?? false
        }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .server:
            guard let state = error.serverInfo?[.sqlState] else { return false }
            return storageFailureStates.contains(state) || storageFailureClasses.contains(String(state.prefix(2)))
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
            .queryCancelled, .sslUnsupported, .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest,
            .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return true
        default:
            return false
        }
    }

    /// SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html):
    /// connection exception, insufficient resources (disk full, out of memory, too many
    /// connections), operator intervention (cancelled, shutting down), system error (I/O),
    /// internal error (corruption).
    private static let storageFailureClasses: Set<String> = ["08", "53", "57", "58", "XX"]

    /// Single states: serialization failure, deadlock, lock not available, a read-only
    /// transaction (a standby), and a permission refused (the database, not the body).
    private static let storageFailureStates: Set<String> = ["40001", "40P01", "55P03", "25006", "42501"]
}
