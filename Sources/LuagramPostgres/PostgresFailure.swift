import PostgresNIO

/// A failure of PostgreSQL, or of the connection to it, as Luagram reports it: what failed,
/// the server's SQLSTATE and message when it answered, and the cause underneath a lost
/// connection. postgres-nio's own description hides all of these; its debug description
/// adds the query and its values, which may hold message bodies, so neither is logged.
public struct PostgresFailure: Error, CustomStringConvertible {
    /// postgres-nio's error.
    public let underlying: PSQLError

    public var description: String {
        var text = "PostgreSQL \(underlying.code)"
        if let state = underlying.serverInfo?[.sqlState] { text += " (SQLSTATE \(state))" }
        if let message = underlying.serverInfo?[.message] { text += ": \(message)" }
        if let cause = underlying.underlying { text += ": \(cause)" }
        return text
    }

    /// `error` with a postgres-nio error inside it (itself, or the cause of a failed
    /// transaction) made a `PostgresFailure`; any other error as it is.
    static func reporting(_ error: any Error) -> any Error {
        if let error = error as? PSQLError { return PostgresFailure(underlying: error) }
        if let transaction = error as? PostgresTransactionError,
            let cause = (transaction.beginError ?? transaction.closureError ?? transaction.commitError) as? PSQLError
        {
            return PostgresFailure(underlying: cause)
        }
        return error
    }
}
