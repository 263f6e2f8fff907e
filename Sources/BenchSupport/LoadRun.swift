// LoadRun: N concurrent callers repeat one call for a warm-up and then a measured time; what the load generators
// (ews-bench, voice-bench) share: the loop, the merged figures and their JSON fields.
import Foundation

/// The figures of one run: latencies of the measured calls that succeeded, the failures, and the measured time.
public struct LoadRun: Sendable {
    public let concurrency: Int
    public let summary: LatencySamples.Summary
    public let errors: Int
    /// The first failure any caller saw in the measured time.
    public let firstError: String?
    /// From the end of the warm-up to the last measured call's end (calls in flight at the end finish).
    public let seconds: Double
    /// Calls that kept no latency sample (buffers full); the percentiles cover the rest.
    public let dropped: Int

    public var attempted: Int { summary.count + errors }

    /// Runs `concurrency` callers, each calling `call` in a loop; a call returns nil on success or what went wrong.
    /// Calls that start in the warm-up are not recorded.
    public static func run(concurrency: Int, warmupSeconds: Double, durationSeconds: Double,
                           call: @escaping @Sendable () async -> String?) async -> LoadRun {
        let clock = ContinuousClock()
        let warmupEnd = clock.now + .nanoseconds(Int64(warmupSeconds * 1e9))
        let measureEnd = warmupEnd + .nanoseconds(Int64(durationSeconds * 1e9))
        // Room for 50,000 calls per second across all callers, far above what loopback reaches.
        let capacity = Int(durationSeconds * 50_000 / Double(concurrency)) + 1024
        let callers: [Caller] = await withTaskGroup(of: Caller.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var caller = Caller(samples: LatencySamples(capacity: capacity), lastFinish: clock.now)
                    while true {
                        let start = clock.now
                        if start >= measureEnd { break }
                        let failure = await call()
                        let finish = clock.now
                        guard start >= warmupEnd else { continue }
                        caller.lastFinish = finish
                        if let failure {
                            caller.errors += 1
                            if caller.firstError == nil { caller.firstError = failure }
                        } else {
                            caller.samples.record((finish - start).nanoseconds)
                        }
                    }
                    return caller
                }
            }
            var all: [Caller] = []
            for await caller in group { all.append(caller) }
            return all
        }
        let lastFinish = callers.map(\.lastFinish).max() ?? measureEnd
        return LoadRun(concurrency: concurrency, summary: LatencySamples.summary(of: callers.map(\.samples)),
                       errors: callers.reduce(0) { $0 + $1.errors }, firstError: callers.compactMap(\.firstError).first,
                       seconds: Double((max(lastFinish, measureEnd) - warmupEnd).nanoseconds) / 1e9,
                       dropped: callers.reduce(0) { $0 + $1.samples.dropped })
    }

    /// `"concurrency":…,"seconds":…,"calls":…,"calls_per_second":…,"p50_ms":…,"p99_ms":…,"mean_ms":…,"max_ms":…,"errors":…`,
    /// the fields both load generators print (inside their JSON object).
    public var jsonFields: String {
        func number(_ value: Double, _ decimals: Int = 3) -> String { String(format: "%.\(decimals)f", value) }
        return "\"concurrency\":\(concurrency),\"seconds\":\(number(seconds)),\"calls\":\(summary.count),"
            + "\"calls_per_second\":\(number(seconds > 0 ? Double(summary.count) / seconds : 0, 1)),"
            + "\"p50_ms\":\(number(summary.percentileMS(0.50))),\"p99_ms\":\(number(summary.percentileMS(0.99))),"
            + "\"mean_ms\":\(number(summary.meanMS)),\"max_ms\":\(number(summary.maxMS)),\"errors\":\(errors)"
    }

    /// Why the run does not count, if it does not: no call completed, or more than 1% failed.
    public var failure: String? {
        if attempted == 0 { return "no call completed in the measured time" }
        if errors * 100 > attempted {
            return "\(errors) of \(attempted) measured calls failed (more than 1%); first: \(firstError ?? "?")"
        }
        return nil
    }

    private struct Caller: Sendable {
        var samples: LatencySamples
        var errors = 0
        var firstError: String?
        var lastFinish: ContinuousClock.Instant
    }
}
