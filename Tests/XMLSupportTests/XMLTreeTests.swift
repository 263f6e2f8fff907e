// XMLTreeTests: parsing rules of XMLTree (namespaces, DOCTYPE refusal, size limit, malformed input).
import Foundation
import Testing
@testable import XMLSupport

private let soap = "http://schemas.xmlsoap.org/soap/envelope/"
private let messages = "http://schemas.microsoft.com/exchange/services/2006/messages"
private let types = "http://schemas.microsoft.com/exchange/services/2006/types"

@Suite struct XMLTreeTests {
    @Test(arguments: [
        // exchangelib style: s/m/t prefixes
        """
        <?xml version='1.0' encoding='utf-8'?>
        <s:Envelope xmlns:s="\(soap)" xmlns:m="\(messages)" xmlns:t="\(types)">
          <s:Body><m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape></m:FindItem></s:Body>
        </s:Envelope>
        """,
        // Microsoft docs style: soap prefix, default namespace on the operation
        """
        <soap:Envelope xmlns:soap="\(soap)" xmlns:t="\(types)">
          <soap:Body><FindItem xmlns="\(messages)" Traversal="Shallow"><ItemShape><t:BaseShape>IdOnly</t:BaseShape></ItemShape></FindItem></soap:Body>
        </soap:Envelope>
        """,
        // evolution-ews style prefixes, types as a default namespace on an inner element
        """
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="\(soap)" xmlns:messages="\(messages)">
          <SOAP-ENV:Body><messages:FindItem Traversal="Shallow"><messages:ItemShape><BaseShape xmlns="\(types)">IdOnly</BaseShape></messages:ItemShape></messages:FindItem></SOAP-ENV:Body>
        </SOAP-ENV:Envelope>
        """,
    ])
    func prefixesAndDefaultNamespacesResolveTheSame(document: String) throws {
        let tree = try XMLTree.parse(document)
        #expect(tree.root.isElement(soap, "Envelope"))
        let findItem = try #require(tree.root.firstChild(soap, "Body")?.firstChild(messages, "FindItem"))
        #expect(findItem.localName == "FindItem")
        #expect(findItem.namespaceURI == messages)
        #expect(findItem.attribute("Traversal") == "Shallow")
        let shape = findItem.descendant([(messages, "ItemShape"), (types, "BaseShape")])
        #expect(shape?.text == "IdOnly")
        // The prefix is irrelevant: asking with the wrong namespace finds nothing.
        #expect(findItem.firstChild(types, "ItemShape") == nil)
    }

    @Test func childrenAndTextAndAttributes() throws {
        let tree = try XMLTree.parse("""
            <r xmlns="urn:a" xmlns:b="urn:b"><x id="1">one</x><b:x id="2">t<![CDATA[w]]>o</b:x><x id="3"><y>th</y><y>ree</y></x></r>
            """)
        #expect(tree.root.children.count == 3)
        #expect(tree.root.children("urn:a", "x").map { $0.attribute("id") } == ["1", "3"])
        #expect(tree.root.children("urn:b", "x").first?.text == "two")
        #expect(tree.root.children("urn:a", "x").last?.text == "three")
        #expect(tree.root.firstChild("urn:a", "x")?.attribute("missing") == nil)
    }

    @Test func qualifiedNamesResolveThroughScope() throws {
        let tree = try XMLTree.parse("""
            <f><faultcode xmlns:a="\(types)">a:ErrorServerBusy</faultcode></f>
            """)
        let code = try #require(tree.root.firstChild(nil, "faultcode"))
        let resolved = code.resolveQName(code.text)
        #expect(resolved.namespaceURI == types)
        #expect(resolved.localName == "ErrorServerBusy")
    }

    @Test func doctypeIsRefused() {
        #expect(throws: XMLParseError.doctypeNotAllowed) {
            try XMLTree.parse("<!DOCTYPE r><r/>")
        }
    }

    @Test func billionLaughsIsRefusedWithoutExpansion() {
        let lol = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
             <!ENTITY lol "lol">
             <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
             <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
             <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
             <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
             <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
             <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
             <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
             <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <lolz>&lol9;</lolz>
            """
        #expect(throws: XMLParseError.doctypeNotAllowed) { try XMLTree.parse(lol) }
    }

    @Test func externalEntityIsRefused() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("xxe-\(UUID().uuidString).txt")
        try "TOP-SECRET".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xxe = """
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "\(secret.absoluteString)">]><r>&x;</r>
            """
        #expect(throws: XMLParseError.doctypeNotAllowed) { try XMLTree.parse(xxe) }
    }

    @Test func parserHookRefusesDoctypeWithoutTheByteScan() throws {
        let lol = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><r>&b;</r>"
        #expect(throws: XMLParseError.doctypeNotAllowed) {
            try XMLTree.parse(Data(lol.utf8), maxBytes: 10_000, byteScan: false)
        }
        #expect(try XMLTree.parse(Data("<r/>".utf8), maxBytes: 10_000, byteScan: false).root.localName == "r")
    }

    @Test func doctypeInUTF16IsRefused() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE r [<!ENTITY a \"b\">]><r>&a;</r>"
        var data = Data([0xFF, 0xFE])
        data.append(text.data(using: .utf16LittleEndian)!)
        #expect(throws: XMLParseError.doctypeNotAllowed) { try XMLTree.parse(data) }
        // The same document without the DOCTYPE parses.
        var plain = Data([0xFF, 0xFE])
        plain.append("<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>b</r>".data(using: .utf16LittleEndian)!)
        #expect(try XMLTree.parse(plain).root.text == "b")
    }

    @Test func byteScanFindsDoctypeInEveryEncodingAndOnlyThere() {
        let doctype = "<?xml version=\"1.0\"?><!DOCTYPE r><r/>"
        #expect(XMLTree.containsDoctype(Data(doctype.utf8)))
        #expect(XMLTree.containsDoctype(doctype.data(using: .utf16LittleEndian)!))
        #expect(XMLTree.containsDoctype(doctype.data(using: .utf16BigEndian)!))
        #expect(!XMLTree.containsDoctype(Data("<r><!-- comment! --><![CDATA[!]]>!DOCTYPE</r>".utf8)))
        #expect(!XMLTree.containsDoctype(Data("!".utf8)))
    }

    @Test func oversizedDocumentIsRefusedBeforeParsing() {
        let big = "<r>" + String(repeating: "x", count: 2000) + "</r>"
        #expect(throws: XMLParseError.tooLarge(limit: 1000, actual: big.utf8.count)) {
            try XMLTree.parse(big, maxBytes: 1000)
        }
    }

    @Test(arguments: [
        "<r><a></b></r>",
        "<r>",
        "<r attr=\"unterminated></r>",
        "<a:r/>",
        "<r>&undefined;</r>",
        "not xml at all",
        "<r/><second/>",
    ])
    func malformedInputIsATypedError(document: String) {
        do {
            _ = try XMLTree.parse(document)
            Issue.record("parsed malformed document \(document)")
        } catch let error {
            guard case let .malformed(message, _, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(!message.isEmpty)
            #expect(error.code == "xml_malformed")
        }
    }

    @Test func emptyInputIsATypedError() {
        #expect(throws: XMLParseError.empty) { try XMLTree.parse(Data()) }
        #expect(throws: XMLParseError.empty) { try XMLTree.parse("  \n ") }
    }

    @Test func hugeNumberOfParsesFreesTrees() throws {
        // Exercises deinit: many parses must not accumulate state or crash.
        for index in 0..<2000 {
            let tree = try XMLTree.parse("<r n=\"\(index)\"><c/></r>")
            #expect(tree.root.attribute("n") == "\(index)")
        }
    }

    @Test func concurrentParsingIsSafe() async throws {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let tree = try XMLTree.parse("<r xmlns=\"urn:x\"><v>\(index)</v></r>")
                    return Int(tree.root.firstChild("urn:x", "v")!.text)!
                }
            }
            var sum = 0
            for try await value in group { sum += value }
            #expect(sum == (0..<64).reduce(0, +))
        }
    }
}
