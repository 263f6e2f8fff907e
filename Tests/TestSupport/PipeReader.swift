// A pipe whose read end tests read with deadlines, line by line (for log sinks under test).
import Foundation
import Glibc

/// A pipe: hand `writeFD` to the code under test, read what it wrote with `readLines`. Reading
/// blocks its thread (poll), so call it through `offThePool`. Nothing reads until a test calls it,
/// which makes a stalled reader.
public final class PipeReader: @unchecked Sendable {
    // @unchecked: `partial` is touched only by the one test thread that reads.
    public let writeFD: Int32
    private let readFD: Int32
    private var writeOpen = true
    private var partial: [UInt8] = []

    public init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        readFD = fds[0]
        writeFD = fds[1]
        _ = fcntl(readFD, F_SETFL, fcntl(readFD, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        closeWriteEnd()
        close(readFD)
    }

    /// Closes the write end, so that reading ends at what was written. Only once nothing writes to it
    /// any more: a later write could land in whatever reuses the descriptor number.
    public func closeWriteEnd() {
        if writeOpen { close(writeFD) }
        writeOpen = false
    }

    /// Reads complete lines (without their newlines) until `done` holds for the lines read by this call,
    /// the write end is closed and drained, or `seconds` have passed.
    public func readLines(within seconds: Double, until done: ([String]) -> Bool = { _ in false }) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var lines: [String] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while !done(lines) {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { break }
            var ready = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, Int32(min(left, 1) * 1000) + 1) > 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 { if errno == EAGAIN || errno == EINTR { continue } else { break } }
            partial.append(contentsOf: chunk[..<count])
            var start = 0
            while let newline = partial[start...].firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: partial[start..<newline], as: UTF8.self))
                start = newline + 1
            }
            partial.removeSubrange(..<start)
        }
        return lines
    }
}
