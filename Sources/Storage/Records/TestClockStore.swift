// TestClockStore: where `serve --test-clock` keeps the instant an operator set (SQL stays behind it).
import Foundation

/// The test clock's instant, shared by every process on the database and kept across restarts.
public protocol TestClockStore: Sendable {
    /// The instant last set; nil when none was.
    func load() async throws -> Date?
    func save(_ now: Date) async throws
}
