// A task executor with many OS threads, so a race test's callers can be preempted at any instruction.
import Foundation

/// Runs jobs on `threads` OS threads of its own, more than the machine has cores: unlike Swift's
/// cooperative pool (one thread per core), its callers get preempted mid-step, which is what makes
/// rare interleavings (a send caught between its check and its queueing) show up in a test.
final class ManyThreadsExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `queue` and `stopping` are only touched with `jobs` locked.
    private let jobs = NSCondition()
    private var queue: [UnownedJob] = []
    private var stopping = false

    init(threads: Int) {
        for _ in 0..<threads { Thread { [self] in work() }.start() }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.lock()
        queue.append(job)
        jobs.signal()
        jobs.unlock()
    }

    /// Lets the threads end once the queue is empty.
    func stop() {
        jobs.lock()
        stopping = true
        jobs.broadcast()
        jobs.unlock()
    }

    private func work() {
        while true {
            jobs.lock()
            while queue.isEmpty && !stopping { jobs.wait() }
            if queue.isEmpty {
                jobs.unlock()
                return
            }
            let job = queue.removeFirst()
            jobs.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
