// FileClock: a wall clock set by writing an instant into a file, so end-to-end tests move the service's time.
import Foundation
import Synchronization
import TextSupport

/// The instant written in a file (ISO 8601, `2027-01-05T10:00:00Z`), re-read on every call: rewrite the file to
/// move time. While the file is missing or unreadable the system time is used. For tests and demos only: `serve`
/// logs a warning when it runs on one.
public final class FileClock: WallClock {
    public let path: String
    private let fallback = SystemClock()
    /// The last text read and what it meant, so an unchanged file is not parsed again.
    private let cache = Mutex<(text: String, date: Date?)>(("", nil))

    public init(path: String) {
        self.path = path
    }

    public func now() -> Date {
        guard let data = FileManager.default.contents(atPath: path) else { return fallback.now() }
        let text = String(decoding: data, as: UTF8.self).trimmingWhitespaceAndNewlines()
        let date = cache.withLock { cached -> Date? in
            if cached.text != text { cached = (text, Self.parse(text)) }
            return cached.date
        }
        return date ?? fallback.now()
    }

    static func parse(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}
