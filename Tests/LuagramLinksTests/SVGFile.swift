import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an SVG with Foundation's XML parser (so malformed XML fails the test) and reads
/// back the modules its path draws.
final class SVGFile: NSObject, XMLParserDelegate {
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    private(set) var root: String?
    private(set) var viewBox: String?
    private(set) var shapeRendering: String?
    private(set) var paths: [String] = []

    init(_ text: String) throws {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        guard parser.parse() else { throw Invalid(description: "not well-formed: \(String(describing: parser.parserError))") }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if root == nil {
            root = elementName
            viewBox = attributes["viewBox"]
            shapeRendering = attributes["shape-rendering"]
        }
        if elementName == "path", let d = attributes["d"] { paths.append(d) }
    }

    /// Every module (as [x, y], quiet zone included) covered by `M x y h w v1 h-w z` runs.
    func darkModules() throws -> Set<[Int]> {
        var modules = Set<[Int]>()
        for path in paths {
            for run in path.split(separator: "z") {
                let numbers = run.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                guard numbers.count == 5, numbers[3] == 1, numbers[2] == numbers[4], run.hasPrefix("M") else {
                    throw Invalid(description: "unexpected path segment \(run)")
                }
                for x in numbers[0]..<numbers[0] + numbers[2] { modules.insert([x, numbers[1]]) }
            }
        }
        return modules
    }
}
