// voice-bench: N concurrent devices send one HTTP request in a loop for a fixed time (a voice query, or GET /health
// as the reference); prints latency and throughput as one JSON line, like ews-bench.
import ArgumentParser
import BenchSupport
import Curl
import Synchronization
import Foundation

@main
struct VoiceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voice-bench",
        abstract: "Load-tests one a4b-calendar endpoint with N concurrent devices on kept-alive connections.",
        discussion: """
            Each device sends the request in a loop: --warmup-seconds not recorded, then --duration-seconds measured. \
            Prints one JSON line: {"concurrency","seconds","calls","calls_per_second","p50_ms","p99_ms","mean_ms","max_ms","errors"}. \
            A call is an error when the status is not 200 or the body contains --reject (e.g. the unreachable prompt). \
            Exits 1 when the first call fails or more than 1% of measured calls fail. Used by scripts/bench-voice.
            """
    )

    @Option(help: "The URL, e.g. http://127.0.0.1:8080/v1/organizations/org_…/voice. Repeat it for replicas: calls go to each in turn, as from a load balancer without affinity.")
    var url: [String]

    @Option(help: "Bearer token (the organization's API key); none for /health.")
    var key: String?

    @Option(help: "A body to POST (JSON, unless a --header names another Content-Type); without it the request is a GET.")
    var body: String?

    @Option(name: .customLong("header"), help: "An extra request header, \"Name: value\" (repeatable); a Content-Type given here replaces application/json.")
    var headers: [String] = []

    @Option(help: "A body containing this text counts as an error.")
    var reject: String?

    @Option(help: "Concurrent devices, 1...4096.")
    var concurrency = 1

    @Option(help: "Measured seconds.")
    var durationSeconds = 10.0

    @Option(help: "Warm-up seconds (not recorded).")
    var warmupSeconds = 2.0

    func validate() throws {
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be 1...4096") }
        guard durationSeconds > 0, warmupSeconds >= 0 else { throw ValidationError("--duration-seconds must be > 0 and --warmup-seconds >= 0") }
        guard !url.isEmpty else { throw ValidationError("give at least one --url") }
        for url in url where !LoopbackURL.isLoopback(url) {
            throw ValidationError("--url must be on loopback (127.0.0.1 or localhost): benchmarks never leave the machine")
        }
        for header in headers {
            guard let colon = header.firstIndex(of: ":"), colon != header.startIndex,
                  !header.contains("\r"), !header.contains("\n") else {
                throw ValidationError("--header must be \"Name: value\" on one line, not '\(header)'")
            }
        }
    }

    func run() async throws {
        let transport = CurlTransport(configuration: .serviceClient(
            userAgent: "voice-bench", maxCachedConnections: max(CurlTransport.Configuration().maxCachedConnections, concurrency)))
        let requests = url.map { url in
            var template = TransportRequest(url: url, body: Array((body ?? "").utf8), headers: [], credentials: nil, timeout: .seconds(10))
            let extra = headers.map { header in
                let colon = header.firstIndex(of: ":")!
                return (String(header[..<colon]), header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            let namesContentType = extra.contains { $0.0.lowercased() == "content-type" }
            if body == nil { template.method = .get } else if !namesContentType { template.headers.append(("Content-Type", "application/json")) }
            if let key { template.headers.append(("Authorization", "Bearer \(key)")) }
            template.headers.append(contentsOf: extra)
            return template
        }
        let reject = self.reject.map { Array($0.utf8) }
        let turn = Turn()

        @Sendable func call() async -> String? {
            do {
                let response = try await transport.send(requests[turn.next() % requests.count])
                guard response.status == 200 else { return "HTTP \(response.status): \(String(decoding: response.body.prefix(300), as: UTF8.self))" }
                if let reject, response.body.firstRange(of: reject) != nil {
                    return "rejected body: \(String(decoding: response.body.prefix(300), as: UTF8.self))"
                }
                return nil
            } catch {
                return "\(error)"
            }
        }

        if let failure = await call() { throw Failure("the first call failed: \(failure)") }
        let run = await LoadRun.run(concurrency: concurrency, warmupSeconds: warmupSeconds, durationSeconds: durationSeconds, call: call)
        transport.shutdown()
        print("{\(run.jsonFields)}")
        if let failure = run.failure { throw Failure(failure) }
    }

    /// Hands out 0, 1, 2, ... to the callers, so calls take the URLs in turn.
    final class Turn: Sendable {
        private let counter = Atomic<Int>(0)
        func next() -> Int { counter.wrappingAdd(1, ordering: .relaxed).oldValue }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
