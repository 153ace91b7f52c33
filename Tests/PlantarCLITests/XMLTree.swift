import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A whole XML document parsed with Foundation's XMLParser: every element with its attributes, its text (including
/// its descendants') and its parent. Parsing fails on anything that is not well-formed.
final class XMLTree: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        var parent: Int?

        var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    private(set) var elements: [Element] = []
    private var stack: [Int] = []
    private var failure: String?

    static func parse(_ data: Data) throws -> XMLTree {
        let tree = XMLTree()
        let parser = XMLParser(data: data)
        parser.delegate = tree
        parser.shouldResolveExternalEntities = false
        if !parser.parse() {
            let why = tree.failure ?? parser.parserError.map { "\($0)" } ?? "unknown error"
            throw ParseError(description: "not well-formed at line \(parser.lineNumber): \(why)")
        }
        return tree
    }

    static func parse(file path: String) throws -> XMLTree {
        try parse(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    var root: Element? { elements.first }

    /// Elements named `name` (any name when nil) that carry every class in `classes`.
    func all(_ name: String? = nil, classes: Set<String> = [], under ancestor: Int? = nil) -> [Element] {
        elementIndices(name, classes: classes, under: ancestor).map { elements[$0] }
    }

    func elementIndices(_ name: String? = nil, classes: Set<String> = [], under ancestor: Int? = nil) -> [Int] {
        elements.indices.filter { i in
            let e = elements[i]
            return (name == nil || e.name == name) && classes.isSubset(of: e.classes)
                && (ancestor.map { isDescendant(i, of: $0) } ?? true)
        }
    }

    func isDescendant(_ i: Int, of ancestor: Int) -> Bool {
        var p = elements[i].parent
        while let q = p {
            if q == ancestor { return true }
            p = elements[q].parent
        }
        return false
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(Element(name: name, attributes: attributes, parent: stack.last))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for i in stack { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        failure = "\(parseError)"
    }
}
