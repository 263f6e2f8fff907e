// ews-bench: N concurrent callers run EWSClient.calendarView in a loop for a fixed time; prints latency and throughput as one JSON line.
import BenchSupport
import Curl
import EWS
import Foundation
import Logging

/// What one caller (task) brings back: its samples, its failures and when its last call ended.
struct CallerResult: Sendable {
    var samples: LatencySamples
    var errors = 0
    var firstError: EWSError?
    var lastFinish: ContinuousClock.Instant
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ews-bench: \(message)\n".utf8))
    exit(1)
}

let options: BenchOptions
switch BenchOptions.parse(Array(CommandLine.arguments.dropFirst())) {
case .run(let parsed): options = parsed
case .help:
    print(BenchOptions.usage)
    exit(0)
case .invalid(let message):
    FileHandle.standardError.write(Data("ews-bench: \(message) (see --help)\n".utf8))
    exit(2)
}

LoggingSystem.bootstrap(StreamLogHandler.standardError)
var logger = Logger(label: "ews-bench")
logger.logLevel = .warning

var transportConfiguration = CurlTransport.Configuration()
transportConfiguration.addressPolicy = .allowAll
transportConfiguration.allowInsecureHTTP = true
// One cached connection per caller at least, so no caller ever has to open a fresh one.
transportConfiguration.maxCachedConnections = max(transportConfiguration.maxCachedConnections, options.concurrency)
let transport = CurlTransport(configuration: transportConfiguration)
let client = EWSClient(endpoint: options.endpoint, username: options.user, password: options.password,
                       transport: transport, logger: logger)

var utc = Calendar(identifier: .gregorian)
utc.timeZone = TimeZone(identifier: "UTC")!
let today = utc.startOfDay(for: Date())
let windowStart = utc.date(byAdding: .day, value: -1, to: today)!
let windowEnd = utc.date(byAdding: .day, value: 7, to: today)!
let access = MailboxAccess.impersonation(options.mailbox)
let callTimeout = Duration.seconds(10)

// A first call outside the measurement: fails fast on a wrong endpoint, password or mailbox.
do {
    let view = try await client.calendarView(access, start: windowStart, end: windowEnd, timeout: callTimeout)
    if view.events.isEmpty {
        FileHandle.standardError.write(Data("ews-bench: warning: \(options.mailbox) has no events in the window; responses are trivially small\n".utf8))
    }
} catch {
    fail("the first call failed: \(error)")
}

let clock = ContinuousClock()
let startedAt = clock.now
let warmupEnd = startedAt + .nanoseconds(Int64(options.warmupSeconds * 1e9))
let measureEnd = warmupEnd + .nanoseconds(Int64(options.durationSeconds * 1e9))
// Room for 50,000 calls per second across all callers, far above what loopback EWS reaches.
let perCallerCapacity = Int(options.durationSeconds * 50_000 / Double(options.concurrency)) + 1024

/// Threads of this process now (from /proc), to show that waiting calls do not cost threads.
func threadCount() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("Threads:") } ?? "Threads: 0"
    return Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
}
let sampler = Task.detached {
    var peak = threadCount()
    while !Task.isCancelled {
        peak = max(peak, threadCount())
        try? await Task.sleep(for: .milliseconds(20))
    }
    return peak
}

let results: [CallerResult] = await withTaskGroup(of: CallerResult.self) { group in
    for _ in 0..<options.concurrency {
        group.addTask {
            var result = CallerResult(samples: LatencySamples(capacity: perCallerCapacity), lastFinish: clock.now)
            while true {
                let start = clock.now
                if start >= measureEnd { break }
                var failure: EWSError?
                do throws(EWSError) {
                    _ = try await client.calendarView(access, start: windowStart, end: windowEnd, timeout: callTimeout)
                } catch {
                    failure = error
                }
                let finish = clock.now
                guard start >= warmupEnd else { continue }  // warm-up: not recorded
                result.lastFinish = finish
                if let failure {
                    result.errors += 1
                    if result.firstError == nil { result.firstError = failure }
                } else {
                    result.samples.record((finish - start).nanoseconds)
                }
            }
            return result
        }
    }
    var all: [CallerResult] = []
    for await result in group { all.append(result) }
    return all
}
sampler.cancel()
let peakThreads = await sampler.value
transport.shutdown()

let summary = LatencySamples.summary(of: results.map(\.samples))
let errors = results.reduce(0) { $0 + $1.errors }
let lastFinish = results.map(\.lastFinish).max() ?? measureEnd
// Measured time: from the end of the warm-up to the last measured call's end (calls in flight at the end finish).
let seconds = Double((max(lastFinish, measureEnd) - warmupEnd).nanoseconds) / 1e9
let attempted = summary.count + errors
let dropped = results.reduce(0) { $0 + $1.samples.dropped }
if dropped > 0 {
    FileHandle.standardError.write(Data("ews-bench: warning: \(dropped) calls kept no latency sample (buffers full); percentiles cover the rest\n".utf8))
}

func number(_ value: Double, _ decimals: Int = 3) -> String { String(format: "%.\(decimals)f", value) }
print("{\"concurrency\":\(options.concurrency),\"seconds\":\(number(seconds)),\"calls\":\(summary.count),"
      + "\"calls_per_second\":\(number(seconds > 0 ? Double(summary.count) / seconds : 0, 1)),"
      + "\"p50_ms\":\(number(summary.percentileMS(0.50))),\"p99_ms\":\(number(summary.percentileMS(0.99))),"
      + "\"mean_ms\":\(number(summary.meanMS)),\"max_ms\":\(number(summary.maxMS)),\"errors\":\(errors),"
      + "\"peak_threads\":\(peakThreads)}")

if attempted == 0 { fail("no call completed in the measured \(options.durationSeconds) s") }
if errors * 100 > attempted {
    let first = results.compactMap(\.firstError).first.map { "\($0)" } ?? "?"
    fail("\(errors) of \(attempted) measured calls failed (more than 1%); first error: \(first)")
}
