// Buffered writing of log lines to a file descriptor (stderr by default) by a thread of its own.
import Foundation
import Glibc

/// Collects log lines in memory; a dedicated writer thread does every write(2), so a thread that
/// logs (an event loop above all) never waits on the descriptor, not even for an error line.
///
/// - Lines are written within 100 ms; lines at `error` and above, and a batch past 64 KiB, wake the
///   writer at once.
/// - At most `capacity` bytes (4 MiB) wait. When the descriptor does not drain (a pipe nobody reads),
///   lines beyond that are dropped and counted, never waited for; the next batch written ends with
///   one line saying how many were dropped.
/// - `flush()` writes everything on the calling thread and returns when it is written: call it on
///   exit paths, never on an I/O thread.
///
/// A sink lives as long as the process (its writer thread holds it).
public final class LogSink: @unchecked Sendable {
    // @unchecked: every `var` below is read and written only with `mutex` held.

    /// The process's standard error.
    public static let standardError = LogSink(fd: 2)

    private let fd: Int32
    private let capacity: Int
    private let batchBytes = 64 * 1024
    private let interval: Double
    /// Called on the thread about to call write(2), before it does; tests use it to see which thread writes.
    private let beforeWrite: (@Sendable () -> Void)?

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when there is work for the writer.
    private let work = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Broadcast when a batch has been written (`writing` went false).
    private let written = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private var pending: [UInt8] = []
    /// The buffer the last batch was written from, kept to take the next batch without allocating.
    private var spare: [UInt8] = []
    private var droppedLines = 0
    /// A batch is being written (by the writer, or by `flush()`); the other one waits, so lines keep their order.
    private var writing = false
    /// The writer waits with nothing pending: the next line must wake it.
    private var writerIdle = false
    /// An urgent line or a full batch has woken (or will wake) the writer.
    private var wakeRequested = false
    private var writerStarted = false

    public convenience init(fd: Int32) {
        self.init(fd: fd, capacity: 4 * 1024 * 1024)
    }

    /// - Parameters:
    ///   - capacity: bytes that may wait to be written before lines are dropped.
    ///   - interval: seconds a line that is not urgent may wait before the writer writes it.
    init(fd: Int32, capacity: Int, interval: Double = 0.1, beforeWrite: (@Sendable () -> Void)? = nil) {
        self.fd = fd
        self.capacity = capacity
        self.interval = interval
        self.beforeWrite = beforeWrite
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(work, &attributes)
        pthread_cond_init(written, &attributes)
        pthread_condattr_destroy(&attributes)
        // Both buffers are allocated once at their largest (pages cost memory only once touched) and
        // never grow: growing would copy megabytes under the lock and leave malloc holding freed ones.
        pending.reserveCapacity(capacity + Self.noticeBytes)
        spare.reserveCapacity(capacity + Self.noticeBytes)
    }

    /// Queues one line (or several, each ending in a newline). Never blocks on the descriptor: it
    /// takes a lock, appends, and at most signals the writer.
    package func write(_ line: [UInt8], urgent: Bool) {
        pthread_mutex_lock(mutex)
        if !writerStarted {
            writerStarted = true
            startWriter()
        }
        // Once one line is dropped, later ones are too until the writer catches up, so the gap is one
        // place in the log, where the drop notice stands.
        guard droppedLines == 0, pending.count + line.count <= capacity else {
            droppedLines += 1
            let signal = writerIdle
            writerIdle = false
            pthread_mutex_unlock(mutex)
            if signal { pthread_cond_signal(work) }
            return
        }
        pending.append(contentsOf: line)
        var signal = writerIdle
        writerIdle = false
        if (urgent || pending.count >= batchBytes) && !wakeRequested {
            wakeRequested = true
            signal = true
        }
        pthread_mutex_unlock(mutex)
        if signal { pthread_cond_signal(work) }
    }

    /// Writes everything queued so far, on the calling thread, and returns when it is written
    /// (after the batch the writer may be writing). Blocks while the descriptor does not drain.
    public func flush() {
        pthread_mutex_lock(mutex)
        writeBatch()
        pthread_mutex_unlock(mutex)
    }

    // MARK: The writer

    private func startWriter() {
        let thread = Thread { [self] in runWriter() }
        thread.name = "log-writer"
        thread.start()
    }

    private func runWriter() {
        pthread_mutex_lock(mutex)
        while true {
            if pending.isEmpty && droppedLines == 0 {
                writerIdle = true
                pthread_cond_wait(work, mutex)
                writerIdle = false
                continue
            }
            // Let a batch gather for up to `interval`, unless a line asked for it now.
            if !wakeRequested { wait(work, seconds: interval) }
            writeBatch()
        }
    }

    /// Takes what is pending and writes it with the mutex released. Call with the mutex held; returns with it held.
    private func writeBatch() {
        while writing { pthread_cond_wait(written, mutex) }
        guard !pending.isEmpty || droppedLines > 0 else { return }
        var batch = pending
        pending = spare
        spare = []
        let dropped = droppedLines
        droppedLines = 0
        wakeRequested = false
        writing = true
        pthread_mutex_unlock(mutex)

        if dropped > 0 { batch.append(contentsOf: Self.dropNotice(lines: dropped)) }
        beforeWrite?()
        writeAll(batch)
        // After a stall the batch can be megabytes: give its pages past the usual batch sizes back to
        // the system, so a slow log costs memory only while it is slow.
        if batch.count > 4 * batchBytes { Self.releasePages(of: &batch, after: 4 * batchBytes) }
        batch.removeAll(keepingCapacity: true)

        pthread_mutex_lock(mutex)
        spare = batch
        writing = false
        pthread_cond_broadcast(written)
    }

    private func wait(_ condition: UnsafeMutablePointer<pthread_cond_t>, seconds: Double) {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let nanoseconds = Int(seconds * 1e9) + deadline.tv_nsec
        deadline.tv_sec += nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        _ = pthread_cond_timedwait(condition, mutex, &deadline)
    }

    /// Writes every byte, waiting for a non-blocking descriptor to drain; gives up on an error
    /// (a closed pipe, a full disk), as there is nowhere left to report it.
    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let result = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if result > 0 {
                    offset += result
                } else if result < 0 && errno == EINTR {
                    continue
                } else if result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, -1)
                } else {
                    return
                }
            }
        }
    }

    /// Drops the whole pages of `buffer` past its first `offset` bytes (their content is written and
    /// no longer wanted); they read as zeros and cost memory again only when next touched.
    private static func releasePages(of buffer: inout [UInt8], after offset: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        buffer.withUnsafeMutableBytes { bytes in
            let base = Int(bitPattern: bytes.baseAddress!)
            let start = (base + offset + page - 1) / page * page
            let end = (base + bytes.count) / page * page
            if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED) }
        }
    }

    /// Room for the drop notice beyond `capacity`.
    private static let noticeBytes = 256

    /// The line that stands where lines were dropped.
    static func dropNotice(lines: Int) -> [UInt8] {
        var line = LogLine(capacity: 160)
        var timestamp = LogTimestamp()
        line.append(raw: #"{"ts":""#)
        timestamp.appendNow(to: &line)
        line.append(raw: #"","level":"warning","logger":"log-sink","msg":"log lines dropped: the log was not read fast enough","dropped_lines":"#)
        line.append(quoted: lines)
        line.append(raw: "}\n")
        return line.bytes
    }
}
