// The log sink: its own thread writes, urgent lines go out unasked, a stalled reader costs lines, never time.
import Foundation
import Glibc
import Logging
@testable import Observability
import Synchronization
import TestSupport
import Testing

@Suite struct LogSinkTests {
    @Test func theWriterThreadWritesNeverTheCaller() async throws {
        let pipe = try PipeReader()
        let writers = ThreadRecord()
        let sink = LogSink(fd: pipe.writeFD, capacity: 1 << 20, beforeWrite: { writers.add(pthread_self()) })
        let logger = Logger(label: "t") { JSONLogHandler(label: $0, sink: sink) }
        let reading = Task { try await offThePool { pipe.readLines(within: 20) { $0.last?.contains("batch line 1999") == true } } }
        // An urgent line, then more than a batch (64 KiB): the two cases the old sink wrote on the caller's thread.
        let caller = try await offThePool { () -> pthread_t in
            logger.error("urgent from a caller")
            for number in 0..<2000 { logger.info("batch line \(number)", metadata: ["pad": "\(String(repeating: "x", count: 100))"]) }
            return pthread_self()
        }
        let lines = try await reading.value
        #expect(lines.count == 2001)
        let threads = writers.all
        #expect(!threads.isEmpty)
        #expect(threads.allSatisfy { pthread_equal($0, caller) == 0 }, "write(2) ran on the logging thread")
    }

    @Test func urgentLinesAreWrittenWithoutAFlush() async throws {
        let pipe = try PipeReader()
        // An hour: only the urgency of the error line can get these lines written within the test.
        let sink = LogSink(fd: pipe.writeFD, capacity: 1 << 20, interval: 3600)
        let logger = Logger(label: "t") { JSONLogHandler(label: $0, sink: sink) }
        logger.info("calm")
        logger.error("boom")
        let lines = try await offThePool { pipe.readLines(within: 10) { $0.count >= 2 } }
        #expect(try lines.map { try message(of: $0) } == ["calm", "boom"])
    }

    @Test func aStalledReaderCostsDroppedLinesNotABlockedCaller() async throws {
        let pipe = try PipeReader()
        let sink = LogSink(fd: pipe.writeFD, capacity: 128 * 1024)
        let logger = Logger(label: "t") { JSONLogHandler(label: $0, sink: sink) }
        let total = 5000 // about 1.2 MB: the pipe (64 KiB), a batch in write(2) and a full buffer hold far less
        // Error lines: the old sink wrote those on the caller's thread, which blocked here for good.
        let returned = try await offThePool { () -> Bool in
            let done = DispatchSemaphore(value: 0)
            Thread {
                for number in 0..<total { logger.error("line \(number)", metadata: ["pad": "\(String(repeating: "y", count: 160))"]) }
                done.signal()
            }.start()
            return done.wait(timeout: .now() + 30) == .success
        }
        #expect(returned, "logging blocked on a pipe nobody reads")

        // The reader resumes; flush() returns once the rest is written, and the reader sees the end.
        let reading = Task { try await offThePool { pipe.readLines(within: 30) } }
        try await offThePool {
            sink.flush()
            pipe.closeWriteEnd()
        }
        let objects = try await reading.value.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String])
        }
        // Each gap in the numbers is followed by a notice counting exactly the lines missing there.
        var next = 0, kept = 0, notices = 0
        for object in objects {
            if let dropped = object["dropped_lines"].flatMap({ Int($0) }) {
                #expect(object["level"] == "warning")
                notices += 1
                next += dropped
            } else {
                #expect(object["msg"] == "line \(next)")
                next += 1
                kept += 1
            }
        }
        #expect(next == total)
        #expect(notices >= 1)
        #expect(kept < total)
    }

    @Test func flushReturnsOnceEverythingIsWritten() async throws {
        let pipe = try PipeReader()
        let sink = LogSink(fd: pipe.writeFD, capacity: 4 << 20, interval: 3600)
        let logger = Logger(label: "t") { JSONLogHandler(label: $0, sink: sink) }
        // Past 64 KiB, so the writer is likely busy with a batch when flush() starts: flush must wait for it.
        let reading = Task { try await offThePool { pipe.readLines(within: 30) } }
        try await offThePool {
            for number in 0..<3000 { logger.info("line \(number)", metadata: ["pad": "\(String(repeating: "z", count: 100))"]) }
            sink.flush()
            pipe.closeWriteEnd()
        }
        let lines = try await reading.value
        #expect(try lines.map { try message(of: $0) } == (0..<3000).map { "line \($0)" })
    }

    @Test func theDropNoticeIsOneJSONLine() throws {
        let notice = LogSink.dropNotice(lines: 42)
        #expect(notice.last == UInt8(ascii: "\n"))
        #expect(notice.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(notice)) as? [String: String])
        #expect(object["dropped_lines"] == "42")
        #expect(object["logger"] == "log-sink")
    }
}

private func message(of line: String) throws -> String? {
    try (JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])?["msg"]
}

/// The threads a sink's test hook saw about to write.
private final class ThreadRecord: Sendable {
    private let threads = Mutex<[pthread_t]>([])
    func add(_ thread: pthread_t) { threads.withLock { $0.append(thread) } }
    var all: [pthread_t] { threads.withLock { $0 } }
}
