// BenchOptions: the ews-bench command line (`--endpoint URL --user U ... --warmup-seconds W`), parsed by hand.
import Foundation

/// What one benchmark run does. Every flag is required except `--warmup-seconds` (default 2).
struct BenchOptions: Sendable {
    var endpoint = ""
    var user = ""
    var password = ""
    var mailbox = ""
    var concurrency = 1
    var durationSeconds = 10.0
    var warmupSeconds = 2.0

    static let usage = """
        ews-bench: load-tests the EWS client (EWSClient.calendarView over CurlTransport) against one endpoint.

        Runs N concurrent callers, each calling calendarView(.impersonation(M), start: today-1d, end: today+7d)
        in a loop: W seconds of warm-up (not recorded), then S seconds measured. Prints one JSON line on stdout:
          {"concurrency":N,"seconds":..,"calls":..,"calls_per_second":..,"p50_ms":..,"p99_ms":..,"mean_ms":..,"max_ms":..,"errors":..,"peak_threads":..}
        `calls` counts successful measured calls; latencies are those calls' (ContinuousClock); `peak_threads` is
        the most threads the process had (sampled every 20 ms): against a slow endpoint (scripts/bench-ews delays
        FindItem by 500 ms for 200 callers) it shows that waiting calls cost no threads. Exits 1 when the first
        call fails or more than 1% of measured calls fail. Private and loopback addresses are allowed.

        Usage: ews-bench --endpoint URL --user U --password P --mailbox M
                         [--concurrency N] [--duration-seconds S] [--warmup-seconds W]
          --endpoint URL          EWS endpoint, e.g. http://127.0.0.1:8081/EWS/Exchange.asmx
          --user U                service account (UPN or SMTP address)
          --password P            its password
          --mailbox M             mailbox to impersonate, e.g. alice@contoso.com
          --concurrency N         concurrent callers (tasks), 1...4096 (default 1)
          --duration-seconds S    measured seconds, > 0 (default 10)
          --warmup-seconds W      warm-up seconds, >= 0 (default 2)
          -h, --help              this text
        """

    enum ParseOutcome {
        case run(BenchOptions)
        case help
        case invalid(String)
    }

    static func parse(_ arguments: [String]) -> ParseOutcome {
        var options = BenchOptions()
        var seen = Set<String>()
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            if flag == "-h" || flag == "--help" { return .help }
            guard index + 1 < arguments.count else { return .invalid("\(flag) needs a value") }
            let value = arguments[index + 1]
            index += 2
            seen.insert(flag)
            switch flag {
            case "--endpoint": options.endpoint = value
            case "--user": options.user = value
            case "--password": options.password = value
            case "--mailbox": options.mailbox = value
            case "--concurrency":
                guard let n = Int(value), (1...4096).contains(n) else { return .invalid("--concurrency must be 1...4096, not '\(value)'") }
                options.concurrency = n
            case "--duration-seconds":
                guard let s = Double(value), s > 0, s.isFinite else { return .invalid("--duration-seconds must be > 0, not '\(value)'") }
                options.durationSeconds = s
            case "--warmup-seconds":
                guard let s = Double(value), s >= 0, s.isFinite else { return .invalid("--warmup-seconds must be >= 0, not '\(value)'") }
                options.warmupSeconds = s
            default:
                return .invalid("unknown argument \(flag)")
            }
        }
        for required in ["--endpoint", "--user", "--password", "--mailbox"] where !seen.contains(required) {
            return .invalid("\(required) is required")
        }
        return .run(options)
    }
}
