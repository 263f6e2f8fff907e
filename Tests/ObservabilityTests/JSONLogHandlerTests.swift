// JSON log lines: valid JSON whatever the message and metadata hold, fields and order as documented.
import Foundation
import Logging
@testable import Observability
import TestSupport
import Testing

@Suite struct JSONLogHandlerTests {
    @Test func linesAreValidJSON() throws {
        let pipe = Pipe()
        let sink = LogSink(fd: pipe.fileHandleForWriting.fileDescriptor)
        let logger = Logger(label: "t") { JSONLogHandler(label: $0, sink: sink) }
        logger.error("quote \" newline \n tab \t", metadata: ["key": "value \u{01}"])
        sink.flush()
        try pipe.fileHandleForWriting.close()
        let line = pipe.fileHandleForReading.readToEndRetryingInterrupts()
        let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: String])
        #expect(object["msg"] == "quote \" newline \n tab \t")
        #expect(object["key"] == "value \u{01}")
        #expect(object["level"] == "error")
    }

    @Test func fieldsInOrderMetadataMergedAndSortedEventWinning() throws {
        let line = try lineAfterTimestamp(label: "a4b \"cal\"", ["zone": "handler", "b": "handler", "a": "handler"],
                                          level: .notice, "hello", ["b": "event", "c": .stringConvertible(42)])
        #expect(line == #","level":"notice","logger":"a4b \"cal\"","msg":"hello","a":"handler","b":"event","c":"42","zone":"handler"}"# + "\n")
        #expect(try lineAfterTimestamp(label: "t", [:], level: .info, "bare", nil) == #","level":"info","logger":"t","msg":"bare"}"# + "\n")
        #expect(try lineAfterTimestamp(label: "t", ["only": "handler"], level: .info, "mine", [:])
                == #","level":"info","logger":"t","msg":"mine","only":"handler"}"# + "\n")
    }

    @Test func escapingAsTheJSONOfBefore() throws {
        let message = "q\" b\\ n\n r\r t\t bell\u{07} esc\u{1B} us\u{1F} del\u{7F} caf\u{E9} 日本 🎉 /"
        let line = try lineAfterTimestamp(label: "t", [:], level: .info, "\(message)", ["k\u{01}": "\(message)"])
        let escaped = #"q\" b\\ n\n r\r t\t bell\u0007 esc\u001b us\u001f del"# + "\u{7F} caf\u{E9} 日本 🎉 /"
        #expect(line == #","level":"info","logger":"t","msg":""# + escaped + #"","k\u0001":""# + escaped + "\"}\n")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(("{\"ts\":\"x\"" + line).utf8)) as? [String: String])
        #expect(object["msg"] == message)
        #expect(object["k\u{01}"] == message)
    }

    @Test func theTimestampIsNowInUTCWithMilliseconds() throws {
        let pipe = Pipe()
        let sink = LogSink(fd: pipe.fileHandleForWriting.fileDescriptor)
        let before = Date()
        JSONLogHandler(label: "t", sink: sink).log(event: LogEvent(level: .info, message: "now", metadata: nil, source: "t",
                                                                   file: #fileID, function: #function, line: #line))
        sink.flush()
        try pipe.fileHandleForWriting.close()
        let object = try #require(try JSONSerialization.jsonObject(with: pipe.fileHandleForReading.readToEndRetryingInterrupts()) as? [String: String])
        let text = try #require(object["ts"])
        #expect(text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(text)")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(formatter.date(from: text))
        #expect(abs(date.timeIntervalSince(before)) < 60)
    }

    @Test func timestampsAcrossSecondsDaysAndYears() {
        var timestamp = LogTimestamp()
        func text(_ seconds: Int, _ milliseconds: Int) -> String {
            var line = LogLine()
            timestamp.append(seconds: seconds, milliseconds: milliseconds, to: &line)
            return String(decoding: line.bytes, as: UTF8.self)
        }
        #expect(text(1_795_746_802, 952) == "2026-11-27T02:33:22.952Z")
        #expect(text(1_795_746_802, 7) == "2026-11-27T02:33:22.007Z")
        #expect(text(1_798_761_599, 999) == "2026-12-31T23:59:59.999Z")
        #expect(text(1_798_761_600, 0) == "2027-01-01T00:00:00.000Z")
        #expect(text(0, 0) == "1970-01-01T00:00:00.000Z")
    }

    @Test func threeDecimalsAsPrintfWritesThem() {
        var generator = SystemRandomNumberGenerator()
        let chosen: [Double] = [0, 0.0004, 0.0005, 0.0015, 0.0025, 1.0005, 0.1235, 2.675, 1e-9, 12.5, 999.9995, 86_400_000.123_456, 1e15]
        let random = (0..<20_000).map { _ in Double.random(in: 0..<5, using: &generator) * pow(10, Double.random(in: -3..<6, using: &generator)) }
        for value in chosen + random + [-0.0, -1.5, .infinity, .nan, 1e17] {
            var line = LogLine()
            line.append(quotedThreeDecimals: value)
            let text = String(decoding: line.bytes, as: UTF8.self)
            #expect(text == "\"" + String(format: "%.3f", value) + "\"", "\(value)")
        }
    }

    @Test func wholeNumbers() {
        for value in [0, 7, 200, 1_048_576, -42, Int.max, Int.min] {
            var line = LogLine()
            line.append(quoted: value)
            #expect(String(decoding: line.bytes, as: UTF8.self) == "\"\(value)\"")
        }
    }
}

/// The line a handler (with `label` and `handlerMetadata`) writes for one event, from just after its
/// `ts` value: `,"level":...}\n`.
func lineAfterTimestamp(label: String, _ handlerMetadata: Logger.Metadata, level: Logger.Level, _ message: Logger.Message,
                        _ metadata: Logger.Metadata?) throws -> String {
    let pipe = try PipeReader()
    let sink = LogSink(fd: pipe.writeFD)
    var handler = JSONLogHandler(label: label, level: .trace, sink: sink)
    handler.metadata = handlerMetadata
    handler.log(event: LogEvent(level: level, message: message, metadata: metadata, source: "t", file: #fileID, function: #function, line: #line))
    sink.flush()
    pipe.closeWriteEnd()
    let line = pipe.readLines(within: 10).joined(separator: "\n") + "\n"
    let match = try #require(line.prefixMatch(of: /\{"ts":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/))
    return String(line[match.range.upperBound...])
}
