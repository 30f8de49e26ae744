import Foundation

/// How the stores keep where an intent came from in their JSON columns.
extension Origin {
    public var storedValue: Value {
        switch self {
        case .rule(let file, let line, let handler):
            ["type": "rule", "file": .string(file), "line": .int(Int64(line)), "handler": .string(handler)]
        case .agent(let name):
            ["type": "agent", "name": .string(name)]
        }
    }

    public init(storedValue: Value) throws(StoredShapeError) {
        let s = try StoredShape(storedValue, "origin")
        switch try s.string("type") {
        case "rule":
            self = .rule(file: try s.string("file"), line: Int(try s.int("line")), handler: try s.string("handler"))
        case "agent":
            self = .agent(try s.string("name"))
        case let other:
            throw StoredShapeError("origin: unknown type \(other)")
        }
    }
}
