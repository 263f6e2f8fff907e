// TestClock: `serve --test-clock`: the time an operator sets with POST /v1/admin/clock, kept in the database.
import Foundation
import Storage
import Synchronization

/// Frozen at the instant last set (the system time until one is). Kept in the database, so it survives a restart on
/// the same data dir and every process on the database can ``reload()`` it. Testing only: `serve` warns.
public final class TestClock: WallClock {
    private let store: any TestClockStore
    private let fallback = SystemClock()
    private let instant: Mutex<Date?>

    /// Answers the system time until ``reload()`` reads the stored instant (once the database is migrated) or
    /// ``set(_:)`` sets one.
    public init(store: any TestClockStore) {
        self.store = store
        instant = Mutex(nil)
    }

    public func now() -> Date { instant.withLock { $0 } ?? fallback.now() }

    /// Stores `date` (to the whole second) and answers it from now on.
    public func set(_ date: Date) async throws {
        let rounded = date.roundedToSeconds
        try await store.save(rounded)
        instant.withLock { $0 = rounded }
    }

    /// Reads the stored instant again (another process may have set it).
    public func reload() async throws {
        let stored = try await store.load()
        instant.withLock { $0 = stored }
    }

    /// ``reload()``, keeping the instant it had when the database cannot be read (the pass then fails on its own).
    public func refresh() async {
        try? await reload()
    }
}
