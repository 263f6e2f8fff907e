// ews-bench: N concurrent callers run EWSClient.calendarView in a loop for a fixed time; prints latency and throughput as one JSON line.
import BenchSupport
import Curl
import EWS
import Foundation
import Logging

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

let run = await LoadRun.run(concurrency: options.concurrency, warmupSeconds: options.warmupSeconds,
                            durationSeconds: options.durationSeconds) {
    do throws(EWSError) {
        _ = try await client.calendarView(access, start: windowStart, end: windowEnd, timeout: callTimeout)
        return nil
    } catch {
        return "\(error)"
    }
}
sampler.cancel()
let peakThreads = await sampler.value
transport.shutdown()

if run.dropped > 0 {
    FileHandle.standardError.write(Data("ews-bench: warning: \(run.dropped) calls kept no latency sample (buffers full); percentiles cover the rest\n".utf8))
}
print("{\(run.jsonFields),\"peak_threads\":\(peakThreads)}")
if let failure = run.failure { fail(failure) }
