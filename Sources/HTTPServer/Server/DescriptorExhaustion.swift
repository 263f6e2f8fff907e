// Running out of file descriptors: the reserve descriptor, and one episode shared by all event loops,
// so it is logged once when it begins and once when accepting works again.
import Glibc
import Synchronization

/// The server's current out-of-descriptors episode, if any, and its reserve descriptor. Loops report
/// failed accepts and the connections they refused; the first report of an episode and its end are
/// what get logged.
final class DescriptorExhaustion: Sendable {
    private struct Episode {
        var since: Double
        var lastFailure: Double
        var refused = 0
    }

    private let episode = Mutex<Episode?>(nil)
    /// Mirrors `episode != nil`, so the accept path checks it without a lock.
    private let active = Atomic<Bool>(false)
    /// How long accepts must have stopped failing before a successful one ends the episode. While
    /// descriptors are scarce one loop's accept can succeed on a descriptor another just freed; that
    /// is not recovery, and must not log an end and a new beginning each time.
    private let quietPeriod: Double
    /// A descriptor held on /dev/null (-1 when it could not be opened, retried at every accept). Its lock is taken
    /// around every accept(2) of every loop, so that between closing it to refuse connections and opening it again
    /// no loop's accept can take the number it freed: that left the reserve lost for good, and the connections
    /// waiting in the backlog unanswered. Uncontended in the normal case: one loop is woken per connection.
    private let reserve: Mutex<Int32>

    init(quietPeriod: Double) {
        self.quietPeriod = quietPeriod
        reserve = Mutex(Self.openReserve())
    }

    deinit {
        reserve.withLock { fd in if fd >= 0 { close(fd) } }
    }

    private static func openReserve() -> Int32 { open("/dev/null", O_RDONLY | O_CLOEXEC) }

    /// Runs one accept(2) (`body`) under the reserve's lock, first taking back a reserve that could not be reopened.
    func accept<T>(_ body: () throws -> T) throws -> T {
        try reserve.withLock { fd in
            if fd < 0 { fd = Self.openReserve() }
            return try body()
        }
    }

    /// Closes the reserve descriptor, runs `body` (which can then accept a pending connection, refuse it and close
    /// it, as often as it likes), and takes the descriptor again, all under the reserve's lock. Returns 0 without
    /// running `body` when there is no reserve (it could not be reopened, and no descriptor is free to retry).
    func withReserveReleased(_ body: () -> Int) -> Int {
        reserve.withLock { fd in
            if fd < 0 { fd = Self.openReserve() }
            guard fd >= 0 else { return 0 }
            close(fd)
            let result = body()
            fd = Self.openReserve()
            return result
        }
    }

    /// Records that accept(2) failed for lack of descriptors; true when this begins a new episode.
    func accepting(failedAt now: Double) -> Bool {
        episode.withLock { episode in
            guard episode == nil else {
                episode?.lastFailure = now
                return false
            }
            episode = Episode(since: now, lastFailure: now)
            active.store(true, ordering: .releasing)
            return true
        }
    }

    /// Counts connections refused (accepted and closed with a 503) during the episode.
    func refused(_ count: Int) {
        guard count > 0 else { return }
        episode.withLock { $0?.refused += count }
    }

    /// A connection was accepted: ends the episode if no accept failed for `quietPeriod`, returning how
    /// long it lasted and how many connections it refused; nil otherwise (commonly: lock-free, none).
    func accepted(at now: Double) -> (seconds: Double, refused: Int)? {
        guard active.load(ordering: .acquiring) else { return nil }
        return episode.withLock { episode in
            guard let ended = episode, now - ended.lastFailure >= quietPeriod else { return nil }
            episode = nil
            active.store(false, ordering: .releasing)
            return (now - ended.since, ended.refused)
        }
    }
}
