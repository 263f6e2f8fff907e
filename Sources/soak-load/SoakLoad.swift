// soak-load: mixed traffic at a fixed rate against a running a4b-calendar for a number of minutes, with the
// service's memory, descriptors and latencies printed every minute and a verdict at the end. Run by scripts/soak.
import ArgumentParser
import BenchSupport
import Foundation
import Synchronization

@main
struct SoakLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak-load",
        abstract: "Sends a fixed-rate mix of calls to a4b-calendar and watches its memory and descriptors.",
        discussion: """
            Provisions an organization through the API (admin token), links Exchange by impersonation, enrolls the \
            mailbox user and links their calendar, creates AWS keys; then sends --rate calls per second, whatever the \
            answers' speed (open loop), in a fixed mix: 35% GET /health, 20% voice over REST and 10% as Alexa envelopes \
            (the mock device; "what's on my calendar tomorrow", "what's my next meeting"), 20% admin (the organization, \
            its users, its link; every fourth a user created and deleted), 10% the SigV4-signed AWS API (SearchUsers, \
            GetInvitationConfiguration), 5% operator reads (/v1/expiry, /health/ready). Every --report-seconds it \
            prints one line: calls, errors, p50 and p99 of that period, and, read every second from \
            /proc/<--service-pid>, the service's RSS and RssAnon (at the end of the period), the most open descriptors \
            (fds), the most established TCP connections (conns) and the fewest descriptors besides them (other). The \
            first --warmup-minutes are the warm-up. The verdict: PASS when RssAnon at the end is less than 10% above \
            RssAnon at the end of the warm-up, "other" in the last period is no more than in the first period after \
            the warm-up (connections follow the connection pools, which grow to the peak concurrency and stay; a \
            leaked socket is not established and counts in "other"), and no call failed (an answer other than the \
            documented status, or the unreachable-calendar speech, or more than --max-in-flight calls waiting). Exits \
            0 on PASS, 1 on FAIL, 2 when it cannot start.
            """
    )

    @Option(help: "The service, e.g. http://127.0.0.1:8080 (loopback only).")
    var service: String

    @Option(help: "The service's admin token (its data dir's admin-token file).")
    var adminToken: String

    @Option(help: "fake-exchange's EWS URL, e.g. http://127.0.0.1:9000/EWS/Exchange.asmx (loopback only).")
    var ewsUrl: String

    @Option(help: "The service account that may impersonate --mailbox.")
    var upn = "svc@contoso.com"

    @Option(help: "The service account's password.")
    var password: String

    @Option(help: "The mailbox of the user the voice calls are for.")
    var mailbox = "alice@contoso.com"

    @Option(help: "The service's process id, for /proc/<pid>/status and /proc/<pid>/fd.")
    var servicePid: Int32

    @Option(help: "Minutes to run, warm-up included.")
    var minutes = 30

    @Option(help: "Minutes of warm-up at the start (measured and printed, not the baseline).")
    var warmupMinutes = 1

    @Option(help: "Calls per second, in total.")
    var rate = 40

    @Option(help: "Seconds in a report period (a minute; shorter for a quick check of the command).")
    var reportSeconds = 60

    @Option(help: "Most calls waiting for an answer at once; one more counts as an error (the service fell behind).")
    var maxInFlight = 256

    func validate() throws {
        for url in [service, ewsUrl] where !LoopbackURL.isLoopback(url) {
            throw ValidationError("\(url) is not on loopback (127.0.0.1 or localhost): the soak never leaves the machine")
        }
        guard minutes > warmupMinutes, warmupMinutes >= 1 else { throw ValidationError("--minutes must exceed --warmup-minutes, which is at least 1") }
        guard (1...5000).contains(rate) else { throw ValidationError("--rate must be 1...5000 calls per second") }
        guard (1...3600).contains(reportSeconds), (1...100_000).contains(maxInFlight) else {
            throw ValidationError("--report-seconds must be 1...3600 and --max-in-flight 1...100000")
        }
        guard ProcessStatus.read(pid: servicePid) != nil else { throw ValidationError("no readable /proc/\(servicePid): is the service running?") }
    }

    func run() async throws {
        guard let port = URL(string: service)?.port else { throw ValidationError("--service must name its port") }
        let http = SoakHTTP(base: service, port: port, connections: min(maxInFlight, 256))
        let organization: SoakOrganization
        do {
            organization = try await SoakOrganization.provision(http, adminToken: adminToken, ewsURL: ewsUrl, upn: upn, password: password,
                                                                mailbox: mailbox)
        } catch {
            FileHandle.standardError.write(Data("soak-load: provisioning failed: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let mix = SoakMix(http: http, organization: organization, adminToken: adminToken)
        printLine("soak: \(rate) calls/s for \(minutes) min (\(warmupMinutes) min warm-up), a report every \(reportSeconds) s; organization \(organization.id)")
        printLine(SoakReport.header)
        let periods = minutes * 60 / reportSeconds
        let warmupPeriods = max(1, warmupMinutes * 60 / reportSeconds)
        let reports = await Self.drive(mix, rate: rate, periods: periods, reportSeconds: reportSeconds, maxInFlight: maxInFlight, pid: servicePid)
        mix.shutdown()
        let verdict = SoakVerdict(reports: reports, warmupPeriods: warmupPeriods)
        printLine(verdict.text)
        if !verdict.passed { throw ExitCode(1) }
    }

    /// Runs the schedule: a call every 1/rate s (none skipped when one is slow), a /proc reading every second,
    /// a report line at the end of each period. Returns the periods' reports.
    static func drive(_ mix: SoakMix, rate: Int, periods: Int, reportSeconds: Int, maxInFlight: Int, pid: Int32) async -> [SoakReport] {
        let clock = ContinuousClock()
        let start = clock.now
        // Room for every call of a period at twice the rate (a period's calls past it still count, unsampled).
        let window = SoakWindow(capacity: 2 * rate * reportSeconds)
        let interval = Duration.nanoseconds(1_000_000_000 / Int64(rate))
        return await withTaskGroup(of: [SoakReport]?.self) { group in
            group.addTask {
                var reports: [SoakReport] = []
                for period in 1...periods {
                    let periodEnd = start + .seconds(period * reportSeconds)
                    var last: ProcessStatus?
                    var descriptors = SoakDescriptors()
                    while clock.now < periodEnd {
                        try? await Task.sleep(until: min(periodEnd, clock.now + .seconds(1)), clock: clock)
                        if let reading = ProcessStatus.read(pid: pid), let sockets = ProcessStatus.tcpSockets(pid: pid) {
                            last = reading
                            descriptors.add(total: reading.openDescriptors, established: sockets.filter(\.isEstablished).count)
                        }
                    }
                    let report = window.close(period: period, status: last, descriptors: descriptors)
                    printLine(report.line)
                    reports.append(report)
                }
                return reports
            }
            let end = start + .seconds(periods * reportSeconds)
            var n = 0
            while case let due = start + interval * n, due < end {
                try? await Task.sleep(until: due, clock: clock)
                if !window.startCall(limit: maxInFlight) {
                    window.record(nanos: nil, failure: "more than \(maxInFlight) calls waiting for an answer")
                } else {
                    group.addTask { [n] in
                        let began = clock.now
                        let failure = await mix.send(n)
                        window.record(nanos: (clock.now - began).nanoseconds, failure: failure)
                        window.endCall()
                        return nil
                    }
                }
                n += 1
            }
            for await case let reports? in group { return reports }
            return []
        }
    }
}

/// The calls of the period in progress.
final class SoakWindow: Sendable {
    private struct State {
        var latencies: LatencySamples
        var calls = 0
        var errors = 0
        var firstError: String?
    }

    private let capacity: Int
    private let state: Mutex<State>
    private let inFlight = Atomic<Int>(0)

    /// - Parameter capacity: latency samples kept per period.
    init(capacity: Int) {
        self.capacity = capacity
        state = Mutex(State(latencies: LatencySamples(capacity: capacity)))
    }

    /// Counts a call starting; false (and not counted) when `limit` calls are already waiting.
    func startCall(limit: Int) -> Bool {
        guard inFlight.add(1, ordering: .relaxed).newValue <= limit else {
            inFlight.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func endCall() { inFlight.subtract(1, ordering: .relaxed) }

    func record(nanos: Int64?, failure: String?) {
        state.withLock { state in
            state.calls += 1
            if let nanos { state.latencies.record(nanos) }
            if let failure {
                state.errors += 1
                if state.firstError == nil { state.firstError = failure }
            }
        }
    }

    /// The period's report; the next period starts empty.
    func close(period: Int, status: ProcessStatus?, descriptors: SoakDescriptors) -> SoakReport {
        let fresh = State(latencies: LatencySamples(capacity: capacity))
        let taken = state.withLock { state -> State in
            defer { state = fresh }
            return state
        }
        let summary = LatencySamples.summary(of: [taken.latencies])
        return SoakReport(period: period, calls: taken.calls, errors: taken.errors, firstError: taken.firstError, p50: summary.percentileMS(0.5),
                          p99: summary.percentileMS(0.99), residentBytes: status?.residentBytes, anonymousBytes: status?.anonymousBytes,
                          descriptors: descriptors)
    }
}

/// The service's descriptors over a period, read every second. A leak raises the floor of the descriptors that are
/// not live TCP connections (a socket left open after its peer closed is in CLOSE_WAIT, not established); the
/// connections themselves follow the clients' and the Exchange transport's connection pools, which grow to the
/// peak concurrency and stay there, so they are reported apart.
struct SoakDescriptors: Sendable {
    /// The most open descriptors seen.
    private(set) var most = 0
    /// The most established TCP connections seen.
    private(set) var mostConnections = 0
    /// The fewest descriptors besides established connections seen.
    private(set) var fewestOther = Int.max

    mutating func add(total: Int, established: Int) {
        most = max(most, total)
        mostConnections = max(mostConnections, established)
        fewestOther = min(fewestOther, total - established)
    }
}

struct SoakReport: Sendable {
    let period: Int
    /// Calls answered or failed in the period (errors among them).
    let calls: Int
    let errors: Int
    let firstError: String?
    let p50: Double
    let p99: Double
    /// Nil when the service was gone at the end of the period.
    let residentBytes: Int?
    let anonymousBytes: Int?
    let descriptors: SoakDescriptors

    static let header = columns(["period", "calls", "errors", "p50 ms", "p99 ms", "RSS MB", "anon MB", "fds", "conns", "other"])

    var line: String {
        func megabytes(_ bytes: Int?) -> String { bytes.map { String(format: "%.1f", Double($0) / 1_048_576) } ?? "gone" }
        var text = Self.columns(["\(period)", "\(calls)", "\(errors)", String(format: "%.3f", p50), String(format: "%.3f", p99),
                                 megabytes(residentBytes), megabytes(anonymousBytes), "\(descriptors.most)", "\(descriptors.mostConnections)",
                                 "\(descriptors.fewestOther)"])
        if let firstError { text += "  first error: \(firstError.prefix(200))" }
        return text
    }

    /// The first column left-aligned in 7, the others right-aligned in 9.
    private static func columns(_ values: [String]) -> String {
        values.enumerated().map { index, value in
            let padding = String(repeating: " ", count: max(0, (index == 0 ? 7 : 9) - value.count))
            return index == 0 ? value + padding : padding + value
        }.joined(separator: " ")
    }
}

/// PASS or FAIL, from the reports: RssAnon growth after the warm-up, descriptor growth, errors.
struct SoakVerdict {
    let text: String
    let passed: Bool

    init(reports: [SoakReport], warmupPeriods: Int) {
        let measured = reports.dropFirst(warmupPeriods)
        guard let baseline = reports[safe: warmupPeriods - 1], let first = measured.first, let last = reports.last,
              let baseAnon = baseline.anonymousBytes, let lastAnon = last.anonymousBytes else {
            text = "verdict: FAIL (the service was gone, or too few periods to judge)"
            passed = false
            return
        }
        let growth = Double(lastAnon - baseAnon) / Double(baseAnon)
        let errors = reports.reduce(0) { $0 + $1.errors }, calls = reports.reduce(0) { $0 + $1.calls }
        let memoryOK = growth < 0.10, descriptorsOK = last.descriptors.fewestOther <= first.descriptors.fewestOther, errorsOK = errors == 0
        passed = memoryOK && descriptorsOK && errorsOK
        text = """
            RssAnon: \(String(format: "%.1f", Double(baseAnon) / 1_048_576)) MB after the warm-up, \
            \(String(format: "%.1f", Double(lastAnon) / 1_048_576)) MB at the end: \(String(format: "%+.1f", growth * 100))% (limit +10%) \(memoryOK ? "ok" : "TOO MUCH")
            descriptors besides live connections: \(first.descriptors.fewestOther) in the first period after the warm-up, \(last.descriptors.fewestOther) in the last \(descriptorsOK ? "ok" : "GREW") \
            (open descriptors at most \(reports.map(\.descriptors.most).max() ?? 0), established connections at most \(reports.map(\.descriptors.mostConnections).max() ?? 0))
            errors: \(errors) of \(calls) calls \(errorsOK ? "ok" : "(first: \(reports.compactMap(\.firstError).first ?? "?"))")
            verdict: \(passed ? "PASS" : "FAIL")
            """
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// Writes a line to standard output at once (print's buffer would hold the reports back when it is a file or a pipe).
func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
