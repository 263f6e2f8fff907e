// ResponseSerializerTests: the exact bytes of response heads, written without building strings.
@testable import HTTPServer
import Observability
import Testing

@Suite struct ResponseSerializerTests {
    private func text(_ response: HTTPResponse, requestID: String? = "req-1", keepAlive: Bool = true, isHead: Bool = false,
                      http10KeepAlive: Bool = false) -> String {
        var serializer = ResponseSerializer()
        var output = Array("left over|".utf8)  // appends, never replaces
        serializer.append(response, requestID: requestID, keepAlive: keepAlive, isHead: isHead, http10KeepAlive: http10KeepAlive, to: &output)
        // The Date value changes every second: mask it.
        let lines = String(decoding: output, as: UTF8.self).components(separatedBy: "\r\n")
        return lines.map { $0.hasPrefix("Date: ") ? "Date: <now>" : $0 }.joined(separator: "\r\n")
    }

    @Test func headersKeepTheirOrderAndTheServerOwnsFramingAndIdentity() {
        let response = HTTPResponse(status: .created, headers: ["Content-Type": "application/json", "content-length": "999",
                                                                "X-Custom": "é", "Connection": "upgrade", "X-Request-Id": "forged"],
                                    body: Array(#"{"a":1}"#.utf8))
        #expect(text(response) == "left over|HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Custom: é\r\nContent-Length: 7\r\n"
                + "Date: <now>\r\nX-Request-Id: req-1\r\n\r\n{\"a\":1}")
    }

    @Test func closeKeepAliveHeadAndBodilessStatuses() {
        #expect(text(HTTPResponse(status: .noContent), requestID: nil, keepAlive: false)
                == "left over|HTTP/1.1 204 No Content\r\nDate: <now>\r\nConnection: close\r\n\r\n")
        #expect(text(.text("hello"), isHead: true, http10KeepAlive: true)
                == "left over|HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\nDate: <now>\r\n"
                + "X-Request-Id: req-1\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test(arguments: [0, 7, 10, 65_536, 1_234_567_890, Int.max])
    func decimalsAreWrittenAsTheirDigits(value: Int) {
        var output: [UInt8] = []
        output.appendDecimalDigits(UInt64(value))
        #expect(String(decoding: output, as: UTF8.self) == String(value))
    }
}
