import PlantarSupport
import Testing

/// The line of every key path, found in the text toml++ accepted (TOMLKit gives no positions of values).
@Suite struct TOMLKeyLineTests {
    @Test func keysUnderHeadersArraysOfTablesAndDottedKeysHaveTheirLines() throws {
        let text = """
            # comment = 1
            name = "x"   # trailing
            note = \"\"\"
            fake = 1
            [not-a-table]
            \"\"\"
            a.b = 2
            [match]
            vendor = 0x1
            [[sensor]]
            x = [
              1,
              2,
            ]
            y = 'literal # not a comment'
            [[sensor]]
            "quoted key" = 3
            [sensor.usb]
            endpoint = 0x81
            """
        let doc = try TOML.parse(text, path: "t.toml")
        #expect(doc.line(of: "name") == 2)
        #expect(doc.line(of: "note") == 3)
        #expect(doc.line(of: "fake") == 0)
        #expect(doc.line(of: "not-a-table") == 0)
        #expect(doc.line(of: "a.b") == 7)
        #expect(doc.line(of: "a") == 7)
        #expect(doc.line(of: "match") == 8)
        #expect(doc.line(of: "match.vendor") == 9)
        #expect(doc.line(of: "sensor[0]") == 10)
        #expect(doc.line(of: "sensor[0].x") == 11)
        #expect(doc.line(of: "sensor[0].y") == 15)
        #expect(doc.line(of: "sensor[1]") == 16)
        #expect(doc.line(of: "sensor[1].quoted key") == 17)
        #expect(doc.line(of: "sensor[1].usb.endpoint") == 19)
        #expect(doc.nearestLine(of: "sensor[0].x[1]") == 11)
        #expect(doc.root["note"] == .string("fake = 1\n[not-a-table]\n"))
    }

    @Test func aSyntaxErrorNamesTheFileLineAndColumn() {
        #expect(
            throws: PlantarError.badInput(
                path: "t.toml", line: 2,
                message: "Error while parsing decimal integer: leading zeroes are prohibited (column 8)")
        ) { try TOML.parse("a = 1\nb = 007\n", path: "t.toml") }
        #expect(throws: PlantarError.badInput(path: "t.toml", line: 3, message: "NUL byte in the file")) {
            try TOML.parse("a = 1\n\nb = \"\u{0}\"\n", path: "t.toml")
        }
    }

    /// toml++ 3.4.0 stops the process with an assertion on these; Plantar refuses them first, with the line.
    @Test(arguments: ["[,", "[[ #", "[\n", "\u{FEFF}[.", "a = 1\n  [ !x]"])
    func aTableHeaderWithoutAKeyIsRefused(_ text: String) {
        let line = text.hasPrefix("a = 1") ? 2 : 1
        #expect(
            throws: PlantarError.badInput(
                path: "t.toml", line: line, message: "invalid table header: a key must follow '[' (quoted if need be)")
        ) { try TOML.parse(text, path: "t.toml") }
    }

    /// toml++ 3.4.0 also stops with an assertion on a '}' where an array expects a value; refused first, with the line.
    @Test(arguments: [
        ("a = [ }", 1), ("a = [1, }", 1), ("a = [\n  { id = 1 },\n}\n", 3), ("a = [ # c\n\n}", 3),
        ("[t]\nx = [[1], [\n} ]", 3), ("s = \"\"\"\n\"\"\"\nx = [{ a = [ }]", 3),
    ])
    func aClosingBraceWhereAnArrayExpectsAValueIsRefused(_ text: String, _ line: Int) {
        #expect(
            throws: PlantarError.badInput(
                path: "t.toml", line: line, message: "expected a value or ']' in the array, saw '}'")
        ) { try TOML.parse(text, path: "t.toml") }
    }

    @Test func bracesInsideStringsCommentsAndTablesAreNotMissingValues() throws {
        let doc = try TOML.parse(
            "a = [ \"}\", '}' ] # [ }\nb = [ { c = [ ] }, { d = 1 }, ]\n[e]\nf = \"\"\"\n[ }\n\"\"\"\n", path: "t.toml")
        #expect(doc.root["a"] == .array([.string("}"), .string("}")]))
        guard case .table(let e) = doc.root["e"] else {
            Issue.record("no table e")
            return
        }
        #expect(e["f"] == .string("[ }\n"))
    }

    @Test func bracketsInsideValuesAreNotTableHeaders() throws {
        let doc = try TOML.parse("x = [\n  [ +1 ],\n  [ { a = 1 } ],\n]\ns = \"\"\"\n[,\n\"\"\"\n", path: "t.toml")
        #expect(doc.root["s"] == .string("[,\n"))
        #expect(doc.line(of: "s") == 5)
    }

    @Test func anErrorAboutALineBreakStaysOnOneLine() {
        let error = #expect(throws: PlantarError.self) { try TOML.parse("name =t\n", path: "t.toml") }
        #expect(
            error?.description
                == "t.toml:1: Error while parsing boolean: expected 'true', saw 't\\n' (column 8) (strings need quotes)"
        )
    }

    @Test func valuesKeepTheirTypes() throws {
        let doc = try TOML.parse(
            "i = 0x1F\nf = 2.5\nb = true\nd = 1979-05-27\ns = 'x'\nt = { k = [1, 'two'] }\n", path: "t.toml")
        #expect(doc.root["i"] == .integer(31))
        #expect(doc.root["f"] == .float(2.5))
        #expect(doc.root["b"] == .boolean(true))
        #expect(doc.root["d"]?.typeName == "a date or time")
        #expect(doc.root["s"] == .string("x"))
        #expect(
            doc.root["t"] == .table(ConfigTable(values: ["k": .array([.integer(1), .string("two")])], path: "t")))
    }
}
