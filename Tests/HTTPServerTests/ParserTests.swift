// The request parser on its own, without sockets: chunk-size lines and what it accepts at the edges.
@testable import HTTPServer
import Testing

@Suite struct ParserTests {
    private func parse(_ text: String) -> ParseResult {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        var buffer = InputBuffer()
        buffer.append(contentsOf: Array(text.utf8))
        return parser.parse(&buffer)
    }

    @Test(arguments: [
        ("5", 5), ("0", 0), ("a", 10), ("fffffffffffffff", 0xfff_ffff_ffff_ffff),
        ("5;name", 5), ("5;name=value", 5), ("5;a;b=c;d", 5), (#"5;q="x \" y\ z""#, 5), ("5;q=\"\"", 5),
        // BWS where RFC 9112's grammar has it: before `;`, after `;`, around `=`.
        ("5 ;a", 5), ("5\t; a = b", 5), ("5 ; a =\t\"v\" ;b", 5),
    ])
    func validChunkSizeLinesGiveTheirSize(line: String, size: Int) {
        #expect(HTTPRequestParser.chunkSize(ofLine: ArraySlice(Array(line.utf8))) == size, "\(line.debugDescription)")
    }

    @Test(arguments: [
        "", ";a", " 5", "5 ", "5\t", "5 x", "5;", "5; ", "5;a ", "5;a=", "5;a= ", "5;a=b ", "5;a=\"b", "5;a=\"b\"c",
        "5;a\rb", "5;a\nb", "5;a=\"\r\"", "5;a=\"\u{7F}\"", "5;a\u{0}", "5;(a)", "5;a=b=c", "g", "-1", "+5", "0x5",
        "ffffffffffffffff", "0000000000000001", "10000000000000000",
    ])
    func malformedChunkSizeLinesAreRefused(line: String) {
        #expect(HTTPRequestParser.chunkSize(ofLine: ArraySlice(Array(line.utf8))) == nil, "\(line.debugDescription)")
    }

    @Test func aHeadOfBareLineFeedsIsRefusedBeforeItEnds() {
        // Bare LF is refused, not read as a line end; and at once, since such a head never ends in CRLFCRLF.
        guard case .failure(let status, _, _) = parse("GET / HTTP/1.1\nHo") else { Issue.record("not refused"); return }
        #expect(status == .badRequest)
        guard case .failure = parse("GET / HTTP/1.1\rHo") else { Issue.record("bare CR not refused"); return }
        // A CR as the last byte received may still be followed by its LF.
        guard case .needMoreData = parse("GET / HTTP/1.1\r") else { Issue.record("a final CR was refused"); return }
    }

    @Test func percentEscapesNeedTwoHexDigits() {
        #expect(HTTPRequestParser.percentDecode(ArraySlice(Array("/a%41%2f".utf8))) == "/aA/")
        #expect(HTTPRequestParser.percentDecode(ArraySlice(Array("/a%4\t".utf8))) == nil)
        #expect(HTTPRequestParser.percentDecode(ArraySlice(Array("/a%4".utf8))) == nil)
        #expect(HTTPRequestParser.percentDecode(ArraySlice(Array("/a%ff".utf8))) == nil)
    }
}

extension ParserTests {
    @Test func encodedSlashesStayInsideTheirSegment() throws {
        guard case .request(let request, _) = parse("GET /v1/organizations/a%2Fb/users/%41%2f/ HTTP/1.1\r\n\r\n") else {
            Issue.record("not parsed")
            return
        }
        #expect(request.pathSegments == ["v1", "organizations", "a/b", "users", "A/", ""])
        #expect(request.path == "/v1/organizations/a/b/users/A//")
    }
}

extension ParserTests {
    private func refusal(_ target: [UInt8]) -> String? {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        var buffer = InputBuffer()
        buffer.append(contentsOf: Array("GET ".utf8) + target + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        guard case .failure(let status, _, let message) = parser.parse(&buffer) else { return nil }
        return status == .badRequest ? message : "status \(status)"
    }

    @Test func aTargetMustBeVisibleASCIIWithEscapesThatDecodeToUTF8() {
        // Raw bytes outside visible ASCII, in the path or the query.
        #expect(refusal(Array("/v1/organizations/".utf8) + [0xFF, 0xFE])?.contains("not visible ASCII") == true)
        #expect(refusal(Array("/v1/users?email=".utf8) + [0xC3, 0x28])?.contains("not visible ASCII") == true)
        #expect(refusal(Array("/a".utf8) + [0x7F])?.contains("not visible ASCII") == true)
        // Escapes that decode to invalid UTF-8 (a lone continuation byte, an overlong slash, a surrogate).
        #expect(refusal(Array("/v1/users?email=%FF".utf8)) == "malformed percent-encoding in query")
        #expect(refusal(Array("/v1/users?%C0%AF=x".utf8)) == "malformed percent-encoding in query")
        #expect(refusal(Array("/v1/users/%ED%A0%80".utf8)) == "malformed percent-encoding in path")
        #expect(refusal(Array("/v1/users?email=a%2".utf8)) == "malformed percent-encoding in query")
        // What is fine stays fine: escaped UTF-8, `+`, empty values, a bare `?`.
        #expect(refusal(Array("/v1/users?email=b%C3%A9a+t%40x.com&status=&&flag".utf8)) == nil)
        #expect(refusal(Array("/v1/users?".utf8)) == nil)
    }
}

