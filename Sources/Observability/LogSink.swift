// Buffered, thread-safe writing of log lines to a file descriptor (stderr by default).
import Foundation
import Glibc
import Synchronization

/// Collects log lines and writes them in batches, so a busy server does not pay one write(2) per
/// request. Lines at `error` and above, and any batch over 64 KiB, are written at once; the rest
/// within 100 ms. Call `flush()` before exiting.
public final class LogSink: Sendable {
    /// The process's standard error.
    public static let standardError = LogSink(fd: 2)

    private let fd: Int32
    private let pending = Mutex<[UInt8]>([])
    private let flusherStarted = Atomic<Bool>(false)

    public init(fd: Int32) {
        self.fd = fd
    }

    package func write(_ line: [UInt8], urgent: Bool) {
        let toWrite: [UInt8]? = pending.withLock { buffer in
            buffer.append(contentsOf: line)
            guard urgent || buffer.count >= 64 * 1024 else { return nil }
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        if let toWrite { writeAll(toWrite) } else { startFlusherIfNeeded() }
    }

    /// Writes everything buffered now.
    public func flush() {
        let toWrite = pending.withLock { buffer -> [UInt8] in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        if !toWrite.isEmpty { writeAll(toWrite) }
    }

    private func startFlusherIfNeeded() {
        guard flusherStarted.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let thread = Thread { [self] in
            while true {
                usleep(100_000)
                flush()
            }
        }
        thread.name = "log-flush"
        thread.start()
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
