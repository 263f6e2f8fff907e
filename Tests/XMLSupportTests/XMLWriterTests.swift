// XMLWriterTests: escaping and writing round-trip through the parser.
import Foundation
import Testing
import XMLSupport

@Suite struct XMLWriterTests {
    @Test(arguments: [
        "a < b & c > d",
        "\"double\" and 'single' quotes",
        "emoji 👋🏼 and 🎉",
        "日本語のテキスト 田中 太郎",
        "Réunion équipe - Café & Discusion",
        "tab\tline\nbreak",
        "]]> looks like CDATA end",
    ])
    func textAndAttributeRoundTrip(value: String) throws {
        var writer = XMLWriter()
        writer.element("t:Item", ["xmlns:t": "urn:t", "Name": value]) { item in
            item.element("t:Subject", text: value)
        }
        let tree = try XMLTree.parse(writer.output)
        #expect(tree.root.attribute("Name") == value)
        #expect(tree.root.firstChild("urn:t", "Subject")?.text == value)
    }

    @Test func escapesAllFiveCharacters() {
        #expect(XMLEscaping.text("&<>\"'") == "&amp;&lt;&gt;&quot;&apos;")
        #expect(XMLEscaping.attribute("&<>\"'") == "&amp;&lt;&gt;&quot;&apos;")
    }

    @Test func stripsCharactersIllegalInXML() throws {
        let dirty = "a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1F}g\u{FFFE}h\u{FFFF}i"
        #expect(XMLEscaping.stripIllegal(dirty) == "abcdefghi")
        var writer = XMLWriter()
        writer.element("r", ["v": dirty], text: dirty)
        let tree = try XMLTree.parse(writer.output)
        #expect(tree.root.text == "abcdefghi")
        #expect(tree.root.attribute("v") == "abcdefghi")
    }

    @Test func carriageReturnSurvives() throws {
        var writer = XMLWriter()
        writer.element("r", ["v": "a\r\nb"], text: "a\r\nb")
        let tree = try XMLTree.parse(writer.output)
        #expect(tree.root.text == "a\r\nb")
        #expect(tree.root.attribute("v") == "a\r\nb")
    }

    @Test func emptyElementsAndNilAttributes() {
        var writer = XMLWriter(declaration: false)
        writer.element("a", ["x": "1", "y": nil])
        writer.element("b", attributeList: [("z", "<")])
        #expect(writer.output == "<a x=\"1\"/><b z=\"&lt;\"/>")
    }

    @Test func declarationIsWritten() {
        #expect(XMLWriter().output == "<?xml version=\"1.0\" encoding=\"utf-8\"?>")
    }
}
