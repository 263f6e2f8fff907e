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
    /// A descriptor held on /dev/null (-1 while a loop has it released, or when it could not be opened).
    private let reserve: Atomic<Int32>

    init(quietPeriod: Double) {
        self.quietPeriod = quietPeriod
        reserve = Atomic(open("/dev/null", O_RDONLY | O_CLOEXEC))
    }

    deinit {
        let fd = reserve.load(ordering: .acquiring)
        if fd >= 0 { close(fd) }
    }

    /// Closes the reserve descriptor, runs `body` (which can then accept a pending connection, refuse it
    /// and close it, as often as it likes), and takes the descriptor again. Returns 0 without running
    /// `body` when another loop holds the reserve released or it is gone.
    func withReserveReleased(_ body: () -> Int) -> Int {
        let fd = reserve.exchange(-1, ordering: .acquiringAndReleasing)
        guard fd >= 0 else { return 0 }
        close(fd)
        let result = body()
        reserve.store(open("/dev/null", O_RDONLY | O_CLOEXEC), ordering: .releasing)
        return result
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
