// HostileClientTests: the real a4b-calendar, on its defaults, under every hostile client at once: 500 slowloris
// connections, a pipelining client that never reads, random bytes, truncated requests, 10,000 headers, 100 MB
// bodies (sized and chunked), JSON nested 10,000 deep and invalid UTF-8 in JSON strings and paths, on the REST, Alexa
// and signed AWS front-ends. Meanwhile a probe on a thread of its own asks /health every 20 ms on a new connection;
// afterwards the service's anonymous memory must be back at its baseline. Measured from outside, in /proc.
import AWSSigV4
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

@Suite(.serialized) struct HostileClientTests {
    @Test func everyHostileClientAtOnceLeavesHealthFastAndMemoryAtItsBaseline() async throws {
        let data = try TemporaryFolder()
        defer { data.remove() }
        let service = try await ServiceProcess(executable: "a4b-calendar", arguments: [
            "serve", "--port", "0", "--data-dir", data.path + "/data", "--drain-timeout", "1",
        ])
        try await service.waitUntilReady()
        let port = service.port, pid = service.process.processIdentifier
        let admin = try String(contentsOfFile: data.path + "/data/admin-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let targets = try await HostileTargets(port: port, adminToken: admin)
        for _ in 0..<50 { _ = try await RawClient.request(port: port, "GET", "/health") }
        let cold = try #require(ProcessUsage.anonymousBytes(pid: pid))

        // Two rounds of every attack at once. After the first the allocator holds its high-water mark (freed memory
        // it keeps for reuse): that is the baseline. The second must end there: whatever an attack leaks, it leaks again.
        let probe = HealthProbe(port: port)
        probe.start()
        try await Self.attack(targets)
        let baseline = try await Self.settledAnonymousBytes(pid: pid, atMost: Int.max)
        try await Self.attack(targets)
        let probes = probe.stop()
        let allowance = max(baseline / 10, 1024 * 1024)
        let after = try await Self.settledAnonymousBytes(pid: pid, atMost: baseline + allowance)
        print("hostile: /health probes \(probes.summary); RssAnon \(cold / 1024) KiB before, \(baseline / 1024) KiB after the first round, \(after / 1024) KiB after the second")
        #expect(probes.failures.isEmpty, "health probes failed: \(probes.failures.prefix(5))")
        #expect(probes.count >= 200, "only \(probes.count) probes ran")
        #expect(probes.maximum < .milliseconds(100), "slowest /health answer \(probes.maximum): \(probes.summary)")
        #expect(after <= baseline + allowance, "RssAnon grew from \(baseline / 1024) KiB after the first round to \(after / 1024) KiB after the second")
        #expect(after <= cold + 2 * 1024 * 1024, "RssAnon \(cold / 1024) KiB before the attacks, \(after / 1024) KiB after")

        // Still serving, and never a 5xx for any of it.
        #expect(try await RawClient.request(port: port, "POST", "/v1/organizations", headers: [
            "Authorization": "Bearer \(admin)", "Content-Type": "application/json",
        ], body: #"{"name": "After the storm"}"#).status == 201)
        let serverErrors = service.lines.filter { $0.contains(#""status":"5"#) }
        #expect(serverErrors.isEmpty, "\(serverErrors.count) 5xx answers, e.g. \(serverErrors.prefix(3))")
        service.signal(SIGTERM)
        #expect(await service.waitForExit(timeout: 15) == 0)
        // None of the credentials the attacks carried is in the log or the database.
        var search = SecretSearch()
        search.add("the admin token", admin)
        search.add("the API key", targets.key)
        search.add("the AWS secret", targets.secret)
        let leaks = search.leaks(logs: service.lines, files: try SecretSearch.databaseFiles(in: data.path + "/data", "after the attacks"))
        #expect(leaks.isEmpty, "\(leaks)")
    }

    /// Every attack: 500 slowloris connections and a never-reading pipeline holding on while the one-shot attacks
    /// run, until the service has closed every slow connection at its header timeout (10 s by default).
    static func attack(_ targets: HostileTargets) async throws {
        let port = targets.port, admin = targets.adminToken
        let slowloris = try Slowloris(port: port, connections: 500)
        slowloris.start()
        let pipeline = try NeverReadingPipeline(port: port, requests: 20_000)
        pipeline.start()

        let random = try await offThePool { HostileAttacks.randomBytes(port: port, connections: 100) }
        #expect(random.allSatisfy { $0 == nil || (400..<500).contains($0!) }, "random bytes: \(random.compactMap { $0 })")
        let truncated = try await offThePool { HostileAttacks.truncatedRequests(port: port, adminToken: admin, count: 100) }
        #expect(truncated.allSatisfy { $0 == nil || (400..<500).contains($0!) }, "truncated requests: \(truncated.compactMap { $0 })")
        #expect(try await offThePool { HostileAttacks.manyHeaders(port: port, count: 10_000) } == 431)
        #expect(try await offThePool { HostileAttacks.hugeBody(port: port, adminToken: admin, megabytes: 100, chunked: false) } == 413)
        #expect(try await offThePool { HostileAttacks.hugeBody(port: port, adminToken: admin, megabytes: 100, chunked: true) } == 413)
        for (what, status) in try await HostileAttacks.everyMalformedBody(targets) {
            #expect(status == 400, "\(what): \(status)")
        }
        for (what, status) in try await HostileAttacks.invalidPaths(port: port, adminToken: admin, organization: targets.organization) {
            #expect(status == 400, "\(what): \(status)")
        }

        let slowClosed = try await offThePool { slowloris.waitUntilAllClosed(timeout: 40) }
        #expect(slowClosed == 500, "\(slowClosed) of 500 slowloris connections closed by the service")
        slowloris.stop()
        pipeline.stop()
        print("hostile: slowloris \(slowClosed)/500 closed by the service; the pipeline sent \(pipeline.bytesSent / 1024) KiB it never read answers to")
    }

    /// RssAnon once the service has let go of the closed connections: the first reading at or under `atMost`, or
    /// the last of 20 over 5 s.
    static func settledAnonymousBytes(pid: Int32, atMost: Int) async throws -> Int {
        var reading = Int.max
        for _ in 0..<20 {
            try await Task.sleep(for: .milliseconds(250))
            reading = try #require(ProcessUsage.anonymousBytes(pid: pid))
            if reading <= atMost { break }
        }
        return reading
    }
}

/// An organization with an API key, a user, and AWS keys: where the malformed bodies go.
struct HostileTargets: Sendable {
    let port: Int
    let adminToken: String
    let organization: String
    let key: String
    let secret: String
    let signer: SigV4Signer

    init(port: Int, adminToken: String) async throws {
        self.port = port
        self.adminToken = adminToken
        let created = try await RawClient.request(port: port, "POST", "/v1/organizations", headers: [
            "Authorization": "Bearer \(adminToken)", "Content-Type": "application/json",
        ], body: #"{"name": "Hostile"}"#)
        try #require(created.status == 201, "creating the organization: \(created.status) \(created.body)")
        let object = try EnrollmentEnvironment.object(created.body)
        organization = try #require(object["id"] as? String)
        key = try #require(object["apiKey"] as? String)
        let credentials = try await RawClient.request(port: port, "POST", "/v1/organizations/\(organization)/aws-credentials",
                                                      headers: ["Authorization": "Bearer \(key)"])
        let pair = try EnrollmentEnvironment.object(credentials.body)
        secret = try #require(pair["secretAccessKey"] as? String)
        signer = SigV4Signer(accessKeyID: try #require(pair["accessKeyId"] as? String), secret: secret, region: "us-east-1")
    }
}

enum HostileAttacks {
    /// `connections` connections, each sending 1–8 KiB of random bytes and reading what comes back: the status, or
    /// nil when the service closed without an answer.
    static func randomBytes(port: Int, connections: Int) -> [Int?] {
        (0..<connections).map { _ in
            let bytes = (0..<Int.random(in: 1024...8192)).map { _ in UInt8.random(in: 0...255) }
            return exchange(port: port, bytes, closeWriting: true)
        }
    }

    /// Requests cut at a random byte, then the client's half closed: nil (closed) or a 4xx.
    static func truncatedRequests(port: Int, adminToken: String, count: Int) -> [Int?] {
        let body = #"{"name": "Truncated", "timeZone": "Europe/Paris"}"#
        let whole = Array(("POST /v1/organizations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(adminToken)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)").utf8)
        return (0..<count).map { _ in exchange(port: port, Array(whole[0..<Int.random(in: 1..<whole.count)]), closeWriting: true) }
    }

    /// One request with `count` headers.
    static func manyHeaders(port: Int, count: Int) -> Int? {
        var text = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for index in 0..<count { text += "X-Header-\(index): value-\(index)\r\n" }
        return exchange(port: port, Array((text + "\r\n").utf8), closeWriting: false)
    }

    /// A `megabytes` MB body (a Content-Length, or chunks of 1 MiB), sent until the service answers or stops reading.
    static func hugeBody(port: Int, adminToken: String, megabytes: Int, chunked: Bool) -> Int? {
        guard let client = try? RawClient(port: port, receiveTimeout: 15) else { return nil }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client.fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: \(megabytes * 1_048_576)"
        let head = "POST /v1/organizations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(adminToken)\r\n"
            + "Content-Type: application/json\r\n\(framing)\r\n\r\n"
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1_048_576)
        let framed = chunked ? Array("100000\r\n".utf8) + chunk + Array("\r\n".utf8) : chunk
        do {
            try client.send(head)
            // The service answers 413 and closes as soon as the size is known to be too big; the sends then fail.
            for _ in 0..<megabytes { try client.send(framed) }
        } catch {}
        return (try? client.readResponseOnThisThread())?.status
    }

    /// JSON nested 10,000 deep and JSON with invalid UTF-8 in a string, to every front-end that reads JSON: the
    /// admin API, users, voice, the Alexa endpoint, and the signed AWS API. Returns (what, status) of each.
    static func everyMalformedBody(_ targets: HostileTargets) async throws -> [(String, Int)] {
        let deepArray = Array(String(repeating: "[", count: 10_000).utf8) + Array(String(repeating: "]", count: 10_000).utf8)
        let deepObject = Array(String(repeating: #"{"a":"#, count: 10_000).utf8) + Array("1".utf8) + Array(String(repeating: "}", count: 10_000).utf8)
        func invalidUTF8(_ field: String) -> [UInt8] { Array(#"{"\#(field)": "bad "#.utf8) + [0xFF, 0xFE, 0xC3, 0x28, 0xED, 0xA0, 0x80] + Array(#""}"#.utf8) }
        let org = "/v1/organizations/\(targets.organization)"
        let routes: [(path: String, token: String, field: String)] = [
            ("/v1/organizations", targets.adminToken, "name"), (org + "/users", targets.key, "email"),
            (org + "/voice", targets.key, "utterance"), (org + "/alexa", targets.key, "version"),
        ]
        var results: [(String, Int)] = []
        for route in routes {
            for (kind, body) in [("10,000 nested arrays", deepArray), ("10,000 nested objects", deepObject), ("invalid UTF-8", invalidUTF8(route.field))] {
                let status = try await offThePool {
                    exchange(port: targets.port, request("POST", route.path, headers: [("Authorization", "Bearer \(route.token)"),
                                                                                         ("Content-Type", "application/json")], body: body),
                             closeWriting: false)
                }
                results.append(("\(kind) to POST \(route.path)", status ?? -1))
            }
        }
        for (kind, body) in [("10,000 nested arrays", deepArray), ("10,000 nested objects", deepObject), ("invalid UTF-8", invalidUTF8("UserId"))] {
            let host = "127.0.0.1:\(targets.port)"
            let signed = try targets.signer.jsonCallHeaders(target: "AlexaForBusiness.CreateUser", host: host, body: body, at: Date())
            let bytes = request("POST", "/", headers: [("Host", host)] + signed, body: body)
            let status = try await offThePool { exchange(port: targets.port, bytes, closeWriting: false) }
            results.append(("\(kind) to AWS CreateUser", status ?? -1))
        }
        return results
    }

    /// Invalid UTF-8 in paths, raw and percent-encoded. Returns (what, status) of each.
    static func invalidPaths(port: Int, adminToken: String, organization: String) async throws -> [(String, Int)] {
        let paths: [(String, [UInt8])] = [
            ("raw bytes in an id", Array("/v1/organizations/".utf8) + [0xFF, 0xFE, 0x80]),
            ("percent-encoded in an id", Array("/v1/organizations/%FF%FE%80".utf8)),
            ("percent-encoded overlong slash", Array("/v1/organizations/\(organization)/users/%C0%AF".utf8)),
            ("a lone surrogate", Array("/v1/organizations/\(organization)/users/%ED%A0%80".utf8)),
            ("raw bytes in the query", Array("/v1/organizations/\(organization)/users?email=".utf8) + [0xC3, 0x28]),
        ]
        var results: [(String, Int)] = []
        for (what, path) in paths {
            let bytes = Array("GET ".utf8) + path + Array(" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(adminToken)\r\n\r\n".utf8)
            results.append((what, try await offThePool { exchange(port: port, bytes, closeWriting: false) } ?? -1))
        }
        return results
    }

    /// The bytes of a request; a `Host` is added unless `headers` has one (a signed request signs its own).
    static func request(_ method: String, _ path: String, headers: [(name: String, value: String)], body: [UInt8]) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nContent-Length: \(body.count)\r\n"
        if !headers.contains(where: { $0.name.lowercased() == "host" }) { head += "Host: 127.0.0.1\r\n" }
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// Sends `bytes` on a new connection (then, with `closeWriting`, ends the client's half) and reads one response:
    /// its status, or nil when the connection closed (or timed out after 15 s) without one.
    static func exchange(port: Int, _ bytes: [UInt8], closeWriting: Bool) -> Int? {
        guard let client = try? RawClient(port: port, receiveTimeout: 15) else { return nil }
        guard (try? client.send(bytes)) != nil else { return (try? client.readResponseOnThisThread())?.status }
        if closeWriting { shutdown(client.fd, Int32(SHUT_WR)) }
        return (try? client.readResponseOnThisThread())?.status
    }
}

/// GET /health every 20 ms on a new connection, from a thread of its own (the cooperative pool of the test process
/// can be starved for seconds under the suite; a thread is scheduled by the kernel, like any client).
final class HealthProbe: Sendable {
    struct Results: Sendable {
        let latencies: [Duration]
        let failures: [String]
        var count: Int { latencies.count + failures.count }
        var maximum: Duration { latencies.max() ?? .zero }
        var summary: String {
            let sorted = latencies.sorted()
            func at(_ p: Double) -> String { sorted.isEmpty ? "-" : "\(sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))])" }
            return "\(count) probes, \(failures.count) failed; p50 \(at(0.5)), p99 \(at(0.99)), max \(maximum)"
        }
    }

    private let port: Int
    private let state = Mutex<(latencies: [Duration], failures: [String], running: Bool)>(([], [], true))
    private let done = TestSignal()

    init(port: Int) { self.port = port }

    func start() {
        Thread { [self] in
            let clock = ContinuousClock()
            while state.withLock({ $0.running }) {
                let started = clock.now
                var failure: String?
                do {
                    let client = try RawClient(port: port, receiveTimeout: 5)
                    try client.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    let response = try client.readResponseOnThisThread()
                    if response.status != 200 { failure = "status \(response.status)" }
                } catch {
                    failure = "\(error)"
                }
                let elapsed = clock.now - started
                state.withLock { state in
                    if let failure { state.failures.append(failure) } else { state.latencies.append(elapsed) }
                }
                usleep(20_000)
            }
            done.raise()
        }.start()
    }

    /// Stops the probe (after the one in flight) and returns what it saw.
    func stop() -> Results {
        state.withLock { $0.running = false }
        _ = done.waitBlocking(timeout: 30)
        return state.withLock { Results(latencies: $0.latencies, failures: $0.failures) }
    }
}

/// `connections` connections that each send a request line and then one more header line every 2 s, never ending the
/// head; a thread of its own trickles them.
final class Slowloris: @unchecked Sendable {
    // @unchecked: `clients` is built once; the thread alone writes to them until `stop()`.
    private let clients: [RawClient]
    private let running = Atomic<Bool>(true)
    private let done = TestSignal()

    init(port: Int, connections: Int) throws {
        clients = try (0..<connections).map { _ in try RawClient(port: port, receiveTimeout: 1) }
        for client in clients { try client.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n") }
    }

    func start() {
        Thread { [self] in
            var line = 0
            while running.load(ordering: .relaxed) {
                for client in clients { _ = try? client.send("X-Slow-\(line): y\r\n") }
                line += 1
                for _ in 0..<20 where running.load(ordering: .relaxed) { usleep(100_000) }
            }
            done.raise()
        }.start()
    }

    /// Waits until the service has closed every connection (up to `timeout` s); returns how many it closed.
    func waitUntilAllClosed(timeout: Double) -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var closed = Set<Int>()
        while closed.count < clients.count && Date() < deadline {
            for (index, client) in clients.enumerated() where !closed.contains(index) {
                var byte: UInt8 = 0
                let count = recv(client.fd, &byte, 1, Int32(MSG_DONTWAIT))
                // Anything but "nothing yet": end of stream, a reset, or the 408 the service sends before closing.
                if count >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { closed.insert(index) }
            }
            usleep(200_000)
        }
        return closed.count
    }

    func stop() {
        running.store(false, ordering: .relaxed)
        _ = done.waitBlocking(timeout: 30)
    }
}

/// One connection that pipelines `requests` GET /health and never reads an answer, sending from a thread of its own
/// until the service stops reading (its send buffer full for 15 s) or `stop()`.
final class NeverReadingPipeline: Sendable {
    private let client: RawClient
    private let requests: Int
    private let sent = Atomic<Int>(0)
    private let done = TestSignal()

    init(port: Int, requests: Int) throws {
        client = try RawClient(port: port)
        self.requests = requests
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(client.fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    var bytesSent: Int { sent.load(ordering: .relaxed) }

    func start() {
        Thread { [self] in
            let one = Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
            let batch = Array([[UInt8]](repeating: one, count: 100).joined())
            for _ in 0..<(requests / 100) {
                guard (try? client.send(batch)) != nil else { break }
                sent.add(batch.count, ordering: .relaxed)
            }
            done.raise()
        }.start()
    }

    /// Ends the connection (a reset, as a client that gives up does) and waits for the sender.
    func stop() {
        client.reset()
        _ = done.waitBlocking(timeout: 30)
    }
}
