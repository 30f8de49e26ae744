import LuagramDomain

/// SQLite holds every port in one database and its inbox file.
extension SQLiteStore: DataStore {}
