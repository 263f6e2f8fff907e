// JSON log lines: valid JSON whatever the message and metadata hold, fields and order as documented.
import Foundation
import Logging
@testable import Observability
import Testing

@Suite struct JSONLogHandlerTests {
    @Test func linesAreValidJSON() throws {
        let pipe = Pipe()
        let sink = LogSink(fd: pipe.fileHandleForWriting.fileDescriptor)
        let logger = Logger(label: "t") { JSONLogHandler(label: $0, sink: sink) }
        logger.error("quote \" newline \n tab \t", metadata: ["key": "value \u{01}"])
        sink.flush()
        try pipe.fileHandleForWriting.close()
        let line = pipe.fileHandleForReading.readDataToEndOfFile()
        let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: String])
        #expect(object["msg"] == "quote \" newline \n tab \t")
        #expect(object["key"] == "value \u{01}")
        #expect(object["level"] == "error")
    }
}
