// A running a4b-calendar (and, when a test links calendars, a running fake-exchange), real binaries on
// loopback, with helpers for the enrollment API: users, invitations, calendar links and the outbox.
import Foundation
import Glibc
import TestSupport
import Testing

/// One service (or several replicas on one PostgreSQL database), optionally one fake Exchange, and optionally an
/// injectable clock (`A4B_CLOCK_FILE`). `stop()` ends them all; the data folder is removed on deinit.
final class EnrollmentEnvironment: @unchecked Sendable {
    let fake: ServiceProcess?
    /// The replicas, each with a data dir of its own; one unless started with `databaseURL`.
    private(set) var services: [ServiceProcess]
    /// Which replica ``call(_:_:token:json:)``, ``port`` and the helpers talk to: a load balancer's choice, made by the test.
    var replica = 0
    let data: TemporaryFolder
    let adminToken: String
    /// The file the service reads its wall clock from, when started with `clock:`.
    let clockFile: String?
    private let serviceArguments: [[String]]
    private let serviceEnvironment: [String: String]
    private var stopped = false

    var service: ServiceProcess { services[replica] }
    var port: Int { service.port }
    var ews: String { "http://127.0.0.1:\(fake?.port ?? 0)/EWS/Exchange.asmx" }

    /// alice has an alias; `svc` may impersonate alice and dave only; `svc-full` is Editor on alice's calendar,
    /// Reviewer on dave's, and has no rights on carol's.
    static let fixture = """
        {"server": {"build": "15.1.2507.6", "basicAuth": true},
         "mailboxes": [
          {"smtp": "alice@contoso.com", "displayName": "Alice Jones", "password": "alice-secret", "aliases": ["a.jones@contoso.com"],
           "calendarPermissions": {"svc-full@contoso.com": "Editor"}},
          {"smtp": "carol@contoso.com", "displayName": "Carol White", "password": "carol-secret"},
          {"smtp": "dave@contoso.com", "displayName": "Dave Brown", "password": "dave-secret",
           "calendarPermissions": {"svc-full@contoso.com": "Reviewer"}},
          {"smtp": "svc@contoso.com", "displayName": "Impersonation Service", "password": "Svc-Secret-Plain-42!",
           "impersonation": {"scope": ["alice@contoso.com", "dave@contoso.com"]}},
          {"smtp": "svc-full@contoso.com", "displayName": "Delegate Service", "password": "full-secret"}
         ]}
        """

    /// - exchange: also start fake-exchange with `fixture`.
    /// - clock: the ISO 8601 instant the service's clock starts at (through `A4B_CLOCK_FILE`).
    /// - databaseURL: run `replicas` services on this PostgreSQL database (each on a data dir of its own, sharing
    ///   `A4B_SECRET_KEY` and `A4B_ADMIN_TOKEN` through the environment, as the README says replicas must).
    init(exchange: Bool = false, fixture: String = EnrollmentEnvironment.fixture, clock: String? = nil,
         serviceFlags: [String] = [], environment: [String: String] = [:], replicas: Int = 1, databaseURL: String? = nil) async throws {
        data = try TemporaryFolder()
        var environment = environment
        if let databaseURL {
            environment["A4B_DATABASE_URL"] = databaseURL
            environment["A4B_ADMIN_TOKEN"] = "replica-admin-token-0123456789abcdef"
            environment["A4B_SECRET_KEY"] = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        }
        if let clock {
            let path = data.path + "/clock"
            try Self.writeAtomically(clock, to: path)
            environment["A4B_CLOCK_FILE"] = path
            clockFile = path
        } else {
            clockFile = nil
        }
        if exchange {
            let fixturePath = data.path + "/fixture.json"
            try Data(fixture.utf8).write(to: URL(fileURLWithPath: fixturePath))
            fake = try await ServiceProcess(executable: "fake-exchange", arguments: ["--port", "0", "--fixture", fixturePath])
        } else {
            fake = nil
        }
        let dataPath = data.path
        serviceArguments = (0..<(databaseURL == nil ? 1 : replicas)).map { index in
            ["serve", "--port", "0", "--data-dir", dataPath + (index == 0 ? "/data" : "/data-\(index)"), "--ews-timeout", "10",
             "--allow-private-ews", "--allow-insecure-ews"] + serviceFlags
        }
        serviceEnvironment = environment
        var started: [ServiceProcess] = []
        for arguments in serviceArguments {
            started.append(try await ServiceProcess(executable: "a4b-calendar", arguments: arguments, environment: environment))
        }
        services = started
        if let token = environment["A4B_ADMIN_TOKEN"] {
            adminToken = token
        } else {
            adminToken = try await LinkEnvironment.waitForFile(data.path + "/data/admin-token")
        }
        for service in services { try await service.waitUntilReady() }
    }

    /// SIGKILLs replica `index` (no chance to finish anything) and waits for it to die.
    func kill(replica index: Int) async {
        services[index].signal(SIGKILL)
        _ = await services[index].waitForExit(timeout: 10)
    }

    /// Starts replica `index` again on its data dir and waits until it is ready.
    func restart(replica index: Int) async throws {
        services[index] = try await ServiceProcess(executable: "a4b-calendar", arguments: serviceArguments[index], environment: serviceEnvironment)
        try await services[index].waitUntilReady()
    }

    deinit { data.remove() }

    /// Starts an environment, runs `body`, and stops the environment whether `body` returns or throws.
    static func with(exchange: Bool = false, clock: String? = nil, serviceFlags: [String] = [],
                     _ body: (EnrollmentEnvironment) async throws -> Void) async throws {
        let env = try await EnrollmentEnvironment(exchange: exchange, clock: clock, serviceFlags: serviceFlags)
        do {
            try await body(env)
        } catch {
            await env.stop()
            throw error
        }
        await env.stop()
    }

    /// Ends both processes (SIGTERM, then waits). Idempotent: a second call signals nothing.
    func stop() async {
        guard !stopped else { return }
        stopped = true
        fake?.signal(SIGTERM)
        for service in services { service.signal(SIGTERM) }
        if let fake { _ = await fake.waitForExit(timeout: 10) }
        for service in services { _ = await service.waitForExit(timeout: 10) }
    }

    // MARK: - Clock

    /// Moves the service's clock: rewrites the clock file (atomically, so no read sees half a file).
    func setClock(_ instant: String) throws {
        let path = try #require(clockFile, "the environment was started without a clock file")
        try Self.writeAtomically(instant, to: path)
    }

    private static func writeAtomically(_ text: String, to path: String) throws {
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    // MARK: - Calls

    /// Calls the service with a bearer token (nil: no Authorization header) and an optional JSON body.
    func call(_ method: String, _ path: String, token: String?, json: String? = nil) async throws -> RawResponse {
        var headers: [String: String] = [:]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if json != nil { headers["Content-Type"] = "application/json" }
        return try await RawClient.request(port: service.port, method, path, headers: headers, body: json)
    }

    /// A JSON object as text (keys in any order).
    static func json(_ fields: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func object(_ body: String) throws -> [String: Any] {
        try #require(try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "expected a JSON object, got: \(body)")
    }

    /// The `error` member of an error body (empty when there is none).
    static func error(_ response: RawResponse) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [String: Any])?["error"] as? [String: Any] ?? [:]
    }

    // MARK: - Organizations

    /// Creates an organization; returns its id, first API key and the created body.
    func createOrganization(_ name: String = "Contoso", timeZone: String? = nil) async throws -> (id: String, key: String, body: [String: Any]) {
        var fields: [String: Any] = ["name": name]
        if let timeZone { fields["timeZone"] = timeZone }
        let response = try await call("POST", "/v1/organizations", token: adminToken, json: Self.json(fields))
        try #require(response.status == 201, "POST /v1/organizations \(fields): expected 201, got \(response.status) \(response.body)")
        let object = try Self.object(response.body)
        return (try #require(object["id"] as? String), try #require(object["apiKey"] as? String), object)
    }

    /// Links the organization's Exchange (impersonation through `svc` by default); requires 200.
    func linkExchange(_ organization: String, key: String, upn: String = "svc@contoso.com", password: String = "Svc-Secret-Plain-42!",
                      accessMethod: String = "impersonation", testMailbox: String = "alice@contoso.com") async throws {
        let body = Self.json(["upn": upn, "password": password, "ewsUrl": ews, "accessMethod": accessMethod, "testMailbox": testMailbox])
        let response = try await call("PUT", "/v1/organizations/\(organization)/exchange", token: key, json: body)
        try #require(response.status == 200, "linking \(upn) (\(accessMethod)): expected 200, got \(response.status) \(response.body)")
    }

    // MARK: - Users

    func usersPath(_ organization: String) -> String { "/v1/organizations/\(organization)/users" }
    func userPath(_ organization: String, _ user: String) -> String { "/v1/organizations/\(organization)/users/\(user)" }

    /// POSTs a user and returns the raw response.
    func postUser(_ organization: String, key: String, _ fields: [String: Any]) async throws -> RawResponse {
        try await call("POST", usersPath(organization), token: key, json: Self.json(fields))
    }

    /// Creates a user; requires 201 and returns the body.
    func createUser(_ organization: String, key: String, email: String, firstName: String? = nil, lastName: String? = nil,
                    timeZone: String? = nil) async throws -> [String: Any] {
        var fields: [String: Any] = ["email": email]
        if let firstName { fields["firstName"] = firstName }
        if let lastName { fields["lastName"] = lastName }
        if let timeZone { fields["timeZone"] = timeZone }
        let response = try await postUser(organization, key: key, fields)
        try #require(response.status == 201, "POST users \(fields): expected 201, got \(response.status) \(response.body)")
        let user = try Self.object(response.body)
        _ = try #require(user["id"] as? String, "a created user has an id: \(response.body)")
        return user
    }

    func getUser(_ organization: String, key: String, _ user: String) async throws -> [String: Any] {
        let response = try await call("GET", userPath(organization, user), token: key)
        try #require(response.status == 200, "GET user \(user): expected 200, got \(response.status) \(response.body)")
        return try Self.object(response.body)
    }

    /// Invites a user; requires 201 and returns the invitation body.
    func invite(_ organization: String, key: String, _ user: String) async throws -> [String: Any] {
        let response = try await call("POST", userPath(organization, user) + "/invitation", token: key)
        try #require(response.status == 201, "POST invitation for \(user): expected 201, got \(response.status) \(response.body)")
        let invitation = try Self.object(response.body)
        _ = try #require(invitation["token"] as? String, "an invitation has a token: \(response.body)")
        return invitation
    }

    /// Accepts an invitation (no Authorization header).
    func accept(_ token: String, alexaUserId: String?) async throws -> RawResponse {
        let body = alexaUserId.map { Self.json(["alexaUserId": $0]) } ?? "{}"
        return try await call("POST", "/v1/invitations/\(token)/accept", token: nil, json: body)
    }

    /// Every user of the list route, following `nextCursor`; returns the pages' sizes too.
    /// Paging ends at the first page without `nextCursor`, so a last page that still names a cursor shows as an extra page.
    func listAllUsers(_ organization: String, key: String, query: String = "", limit: Int = 50) async throws -> (users: [[String: Any]], pages: [Int]) {
        var users: [[String: Any]] = []
        var pages: [Int] = []
        var cursor: String?
        repeat {
            var path = usersPath(organization) + "?limit=\(limit)" + (query.isEmpty ? "" : "&" + query)
            if let cursor { path += "&cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor) }
            let response = try await call("GET", path, token: key)
            try #require(response.status == 200, "GET \(path): expected 200, got \(response.status) \(response.body)")
            let page = try Self.object(response.body)
            let items = try #require(page["users"] as? [[String: Any]], "a page has users: \(response.body)")
            users += items
            pages.append(items.count)
            cursor = page["nextCursor"] as? String
            try #require(pages.count <= 100, "paging did not end after 100 pages")
        } while cursor != nil
        return (users, pages)
    }

    // MARK: - Outbox

    func outbox(_ organization: String, key: String, query: String = "") async throws -> [String: Any] {
        let path = "/v1/organizations/\(organization)/outbox" + (query.isEmpty ? "" : "?" + query)
        let response = try await call("GET", path, token: key)
        try #require(response.status == 200, "GET \(path): expected 200, got \(response.status) \(response.body)")
        return try Self.object(response.body)
    }
}

extension ServiceProcess {
    /// Waits for `/health/ready` to answer 200: the API answers 503 until migrations are applied.
    func waitUntilReady(timeout: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try await RawClient.request(port: port, "GET", "/health/ready").status != 200 {
            guard Date() < deadline else { throw ServiceError("the service was not ready within \(timeout) s:\n\(lines.joined(separator: "\n"))") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

// MARK: - Times

enum Instant {
    /// Parses ISO 8601 with or without fractional seconds.
    static func parse(_ text: String?) -> Date? {
        guard let text else { return nil }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    static func format(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}

/// Runs `work` over `items` with at most `width` at a time; results in the items' order.
func boundedConcurrently<T: Sendable, R: Sendable>(_ items: [T], width: Int, _ work: @escaping @Sendable (T) async throws -> R) async throws -> [R] {
    try await withThrowingTaskGroup(of: (Int, R).self) { group in
        var results = [R?](repeating: nil, count: items.count)
        var next = 0
        while next < min(width, items.count) {
            let index = next
            group.addTask { (index, try await work(items[index])) }
            next += 1
        }
        while let (index, result) = try await group.next() {
            results[index] = result
            if next < items.count {
                let index = next
                group.addTask { (index, try await work(items[index])) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}
