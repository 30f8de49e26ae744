import PostgresNIO

/// A failure of PostgreSQL, or of the connection to it, as Luagram reports it: what failed,
/// the server's SQLSTATE and message when it answered, and the cause underneath a lost
/// connection. postgres-nio's own description hides all of these; its debug description
/// adds the query and its values, which may hold message bodies, so neither is logged.
public struct PostgresFailure: Error, CustomStringConvertible {
    /// postgres-nio's error.
    public let underlying: PSQLError

    public var description: String { "PostgreSQL " + Self.describe(underlying) }

    private static func describe(_ error: PSQLError) -> String {
        var text = "\(error.code)"
        if let state = error.serverInfo?[.sqlState] { text += " (SQLSTATE \(state))" }
        if let message = error.serverInfo?[.message] { text += ": \(message)" }
        switch error.underlying {
        case let cause as PSQLError: text += ": " + describe(cause)
        case let cause?: text += ": \(cause)"
        case nil: break
        }
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
