/// A failure that costs the whole item it happened in.
struct ItemFailure: Error {
    var path: String
    var message: String

    init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }
}
