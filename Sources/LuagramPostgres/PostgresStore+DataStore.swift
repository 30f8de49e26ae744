import LuagramDomain

/// PostgreSQL holds every port in one database, shared by the nodes of a cluster.
extension PostgresStore: DataStore {}
