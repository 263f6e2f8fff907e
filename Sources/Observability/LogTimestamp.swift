// The `ts` of a log line (`2026-11-27T02:33:22.952Z`), with the text up to the second cached.
import Glibc

/// UTC wall-clock time in milliseconds, as log lines print it. Within one second only the
/// milliseconds change, so the calendar arithmetic runs once a second, not once a line.
/// Not thread-safe: each writer owns one, or shares one behind a lock.
package struct LogTimestamp {
    private var cachedSecond = Int.min
    /// `2026-11-27T02:33:22.` for `cachedSecond`.
    private var prefix: [UInt8] = []

    package init() {}

    /// Appends the current time, without quotes.
    package mutating func appendNow(to line: inout LogLine) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        append(seconds: now.tv_sec, milliseconds: now.tv_nsec / 1_000_000, to: &line)
    }

    /// Appends the time `seconds` (since the epoch, UTC) plus `milliseconds`, without quotes.
    mutating func append(seconds: Int, milliseconds: Int, to line: inout LogLine) {
        if seconds != cachedSecond {
            cachedSecond = seconds
            prefix = Self.prefix(for: seconds)
        }
        line.append(raw: prefix)
        line.appendDigits(UInt64(max(0, min(999, milliseconds))), minimumWidth: 3)
        line.append(raw: "Z")
    }

    private static func prefix(for seconds: Int) -> [UInt8] {
        var parts = tm()
        var time = time_t(seconds)
        gmtime_r(&time, &parts)
        var text = LogLine(capacity: 20)
        text.appendDigits(UInt64(max(0, parts.tm_year + 1900)), minimumWidth: 4)
        for (separator, value) in [("-", parts.tm_mon + 1), ("-", parts.tm_mday), ("T", parts.tm_hour),
                                   (":", parts.tm_min), (":", parts.tm_sec)] as [(StaticString, Int32)] {
            text.append(raw: separator)
            text.appendDigits(UInt64(value), minimumWidth: 2)
        }
        text.append(raw: ".")
        return text.bytes
    }
}
