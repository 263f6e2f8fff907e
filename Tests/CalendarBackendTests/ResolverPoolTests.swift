// ResolverPoolTests: DNS lookups are bounded by the caller's timeout and by a fixed number of threads.
import CalendarBackend
import Foundation
import Synchronization
import Testing

@Suite struct ResolverPoolTests {
    /// A lookup that blocks until released, recording how many run at once.
    final class HangingLookup: Sendable {
        let running = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        let started = Atomic<Int>(0)
        let released = Atomic<Bool>(false)

        var lookup: ResolverPool.Lookup {
            { [self] _ in
                started.add(1, ordering: .relaxed)
                let now = running.add(1, ordering: .relaxed).newValue
                var seen = peak.load(ordering: .relaxed)
                while now > seen, !peak.compareExchange(expected: seen, desired: now, ordering: .relaxed).exchanged {
                    seen = peak.load(ordering: .relaxed)
                }
                while !released.load(ordering: .relaxed) { usleep(1000) }
                running.subtract(1, ordering: .relaxed)
                return .addresses(["192.0.2.1"])
            }
        }
    }

    @Test func aHangingResolverCostsTheCallerItsTimeoutAndNoMoreThreadsThanThePoolHas() async {
        let hanging = HangingLookup()
        let pool = ResolverPool(threads: 2, lookup: hanging.lookup)
        let started = ContinuousClock.now
        let results = await withTaskGroup(of: HostResolution.self) { group in
            for index in 0..<20 { group.addTask { await pool.resolve("host\(index).example", timeout: .seconds(1)) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 20)
        #expect(results.allSatisfy { $0 == .timedOut })
        // Every caller gave up at its own timeout, together (about 1 s), not one after another (20 s). The bound
        // leaves room for a 2-core machine busy with the other suites, where timers were seen firing 9.5 s late.
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(hanging.peak.load(ordering: .relaxed) <= 2)
        // Lookups still queued when their caller gave up are never started.
        #expect(hanging.started.load(ordering: .relaxed) == 2)
        hanging.released.store(true, ordering: .relaxed)
    }

    @Test func answersWithinTheTimeoutAreReturned() async {
        let pool = ResolverPool(threads: 1) { host in host == "mail.contoso.com" ? .addresses(["192.0.2.7"]) : .notFound }
        #expect(await pool.resolve("mail.contoso.com", timeout: .seconds(5)) == .addresses(["192.0.2.7"]))
        #expect(await pool.resolve("nowhere.contoso.com", timeout: .seconds(5)) == .notFound)
    }

    @Test func theSystemLookupAnswersLiteralsAndInvalidNamesWithoutAskingDNS() {
        #expect(ResolverPool.systemLookup("127.0.0.1") == .literal)
        #expect(ResolverPool.systemLookup("[::1]") == .literal)
        #expect(ResolverPool.systemLookup("mail.contoso.invalid") == .notFound)
        #expect(ResolverPool.systemLookup("localhost") != .notFound)
    }
}

@Suite struct ResolverPoolLimitTests {
    @Test func pastItsQueueBoundCallersAreAnsweredAtOnceAndShutdownReleasesTheRest() async {
        let hanging = ResolverPoolTests.HangingLookup()
        let pool = ResolverPool(threads: 1, maxQueued: 2, lookup: hanging.lookup)
        // One lookup runs (and hangs), two wait: the fourth is over the bound.
        let deadline = ContinuousClock.now + .seconds(10)
        var waiting = [Task { await pool.resolve("h0", timeout: .seconds(60)) }]
        while hanging.started.load(ordering: .relaxed) < 1 && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(1)) }
        waiting += (1..<3).map { index in Task { await pool.resolve("h\(index)", timeout: .seconds(60)) } }
        while pool.queuedLookups < 2 && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(1)) }
        #expect(pool.queuedLookups == 2)
        let clock = ContinuousClock()
        let started = clock.now
        #expect(await pool.resolve("over", timeout: .seconds(20)) == .timedOut)
        #expect(clock.now - started < .seconds(10))
        pool.shutdown()
        hanging.released.store(true, ordering: .relaxed)
        var answers: [HostResolution] = []
        for task in waiting { answers.append(await task.value) }
        // The running lookup's caller was answered by shutdown or by the lookup; nobody waited 60 s.
        #expect(answers.filter { $0 == .timedOut }.count >= 2)
    }
}
