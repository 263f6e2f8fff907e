// A running fake-exchange with its SMTP listener and an a4b-calendar on the test clock that mails through it: the
// setting of the password-expiry proofs. The service can be killed and started again on the same data dir.
import Foundation
import Glibc
import TestSupport
import Testing

final class ExpiryEnvironment: @unchecked Sendable {
    static let adminToken = "expiry-admin-token-0123456789abcdef"
    /// `svc` and `svc2` may impersonate alice; `it` receives notices for an organization that says so.
    static let fixture = """
        {"server": {"build": "15.1.2507.6", "basicAuth": true},
         "mailboxes": [
          {"smtp": "alice@contoso.com", "displayName": "Alice Jones", "password": "alice-secret"},
          {"smtp": "it@contoso.com", "displayName": "IT Desk", "password": "it-secret"},
          {"smtp": "svc@contoso.com", "displayName": "Impersonation Service", "password": "Svc-Secret-Plain-42!",
           "impersonation": {"scope": ["alice@contoso.com"]}},
          {"smtp": "svc2@contoso.com", "displayName": "New Impersonation Service", "password": "Svc2-Secret-Plain-43!",
           "impersonation": {"scope": ["alice@contoso.com"]}}
         ]}
        """

    let data: TemporaryFolder
    let fake: ServiceProcess
    let smtpPort: Int
    /// The replicas (one unless started with a database URL), each on a data dir of its own.
    private(set) var services: [ServiceProcess]
    /// The replica the calls go to.
    var replica = 0
    private let serviceArguments: [[String]]
    private let environment: [String: String]

    var service: ServiceProcess { services[replica] }

    var ews: String { "http://127.0.0.1:\(fake.port)/EWS/Exchange.asmx" }

    /// - databaseURL: `replicas` services on this PostgreSQL database, sharing the secrets through the environment;
    ///   `notifyInterval` then makes every replica run passes of its own besides the ones clock moves run.
    /// - fixture: fake-exchange's mailboxes (``fixture`` by default).
    init(replicas: Int = 1, databaseURL: String? = nil, notifyInterval: Int = 86_400, fixture: String = ExpiryEnvironment.fixture) async throws {
        data = try TemporaryFolder()
        let fixturePath = data.path + "/fixture.json"
        try Data(fixture.utf8).write(to: URL(fileURLWithPath: fixturePath))
        fake = try await ServiceProcess(executable: "fake-exchange", arguments: ["--port", "0", "--smtp-port", "0", "--fixture", fixturePath])
        let line = try #require(fake.lines.first { $0.contains("\"smtp_port\"") }, "fake-exchange names its SMTP port: \(fake.lines)")
        smtpPort = try #require(ServiceProcess.field("smtp_port", in: line).flatMap(Int.init))
        // Passes run at start and after each clock move; by default the periodic one is a day away, so it never interferes.
        let dataPath = data.path, smtpPort = smtpPort
        serviceArguments = (0..<(databaseURL == nil ? 1 : replicas)).map { index in
            ["serve", "--port", "0", "--data-dir", dataPath + (index == 0 ? "/data" : "/data-\(index)"), "--allow-private-ews",
             "--allow-insecure-ews", "--test-clock", "--smtp-url", "smtp://127.0.0.1:\(smtpPort)", "--smtp-from", "a4b-calendar@contoso.com",
             "--notify-interval", "\(notifyInterval)"]
        }
        var environment = ["A4B_ADMIN_TOKEN": Self.adminToken]
        if let databaseURL {
            environment["A4B_DATABASE_URL"] = databaseURL
            environment["A4B_SECRET_KEY"] = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        }
        self.environment = environment
        var started: [ServiceProcess] = []
        for arguments in serviceArguments {
            started.append(try await Self.start(arguments: arguments, environment: environment))
        }
        services = started
    }

    deinit { data.remove() }

    private static func start(arguments: [String], environment: [String: String]) async throws -> ServiceProcess {
        let service = try await ServiceProcess(executable: "a4b-calendar", arguments: arguments, environment: environment)
        try await service.waitUntilReady()
        return service
    }

    static func with(replicas: Int = 1, databaseURL: String? = nil, notifyInterval: Int = 86_400, fixture: String = ExpiryEnvironment.fixture,
                     _ body: (ExpiryEnvironment) async throws -> Void) async throws {
        let env = try await ExpiryEnvironment(replicas: replicas, databaseURL: databaseURL, notifyInterval: notifyInterval, fixture: fixture)
        do {
            try await body(env)
        } catch {
            await env.stop()
            throw error
        }
        await env.stop()
    }

    func stop() async {
        fake.signal(SIGTERM)
        for service in services { service.signal(SIGTERM) }
        _ = await fake.waitForExit(timeout: 10)
        for service in services { _ = await service.waitForExit(timeout: 10) }
    }

    /// SIGKILL (no chance to finish anything) and start again on the same data dir.
    func killAndRestart(replica index: Int? = nil) async throws {
        await kill(replica: index)
        try await restart(replica: index)
    }

    /// SIGKILL, and wait until the process is gone (its log stays in ``everyServiceLine``).
    func kill(replica index: Int? = nil) async {
        let index = index ?? replica
        services[index].signal(SIGKILL)
        _ = await services[index].waitForExit(timeout: 10)
        retired.append(services[index])
    }

    /// The services killed so far, for their logs.
    private var retired: [ServiceProcess] = []

    /// Every log line of every service process this environment started, the killed ones' too.
    var everyServiceLine: [String] { (retired + services).flatMap(\.lines) }

    /// Starts the replica again on its data dir and waits until it is ready.
    func restart(replica index: Int? = nil) async throws {
        let index = index ?? replica
        services[index] = try await Self.start(arguments: serviceArguments[index], environment: environment)
    }

    /// Stops the service gracefully (to run `notify` on its data dir).
    func stopService() async {
        service.signal(SIGTERM)
        _ = await service.waitForExit(timeout: 10)
    }

    var dataDir: String { data.path + "/data" }
    var smtpURL: String { "smtp://127.0.0.1:\(smtpPort)" }

    // MARK: - Calls

    func call(_ method: String, _ path: String, token: String? = ExpiryEnvironment.adminToken, json: String? = nil) async throws -> RawResponse {
        var headers: [String: String] = [:]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if json != nil { headers["Content-Type"] = "application/json" }
        return try await RawClient.request(port: service.port, method, path, headers: headers, body: json)
    }

    func object(_ method: String, _ path: String, token: String? = ExpiryEnvironment.adminToken, json: String? = nil,
                expect status: Int = 200) async throws -> [String: Any] {
        let response = try await call(method, path, token: token, json: json)
        try #require(response.status == status, "\(method) \(path): expected \(status), got \(response.status) \(response.body)")
        return try EnrollmentEnvironment.object(response.body)
    }

    /// Moves the test clock; the answer comes after the pass it runs. Returns the pass report.
    @discardableResult
    func setClock(_ date: Date) async throws -> [String: Any] {
        let answer = try await object("POST", "/v1/admin/clock", json: EnrollmentEnvironment.json(["now": Instant.format(date)]))
        return try #require(answer["pass"] as? [String: Any])
    }

    /// An organization linked to `upn` with `passwordExpiresAt`; returns its id and key.
    func linkedOrganization(upn: String = "svc@contoso.com", password: String = "Svc-Secret-Plain-42!", expires: Date,
                            notificationEmail: String? = nil) async throws -> (id: String, key: String) {
        let created = try await object("POST", "/v1/organizations", json: EnrollmentEnvironment.json(["name": "Contoso", "timeZone": "America/New_York"]),
                                       expect: 201)
        let id = try #require(created["id"] as? String), key = try #require(created["apiKey"] as? String)
        try await link(id, key: key, upn: upn, password: password, expires: expires, notificationEmail: notificationEmail)
        return (id, key)
    }

    func link(_ id: String, key: String, upn: String, password: String, expires: Date, notificationEmail: String? = nil) async throws {
        var fields: [String: Any] = ["upn": upn, "password": password, "ewsUrl": ews, "accessMethod": "impersonation",
                                     "testMailbox": "alice@contoso.com", "passwordExpiresAt": Instant.format(expires)]
        if let notificationEmail { fields["notificationEmail"] = notificationEmail }
        _ = try await object("PUT", "/v1/organizations/\(id)/exchange", token: key, json: EnrollmentEnvironment.json(fields))
    }

    // MARK: - fake-exchange's inboxes

    func inbox(_ address: String) async throws -> [[String: Any]] {
        let response = try await RawClient.request(port: fake.port, "GET", "/_fake/mailboxes/\(address)/inbox")
        try #require(response.status == 200, "inbox of \(address): \(response.status) \(response.body)")
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [[String: Any]])
    }

    func duplicatesDropped(_ address: String) async throws -> Int {
        let response = try await RawClient.request(port: fake.port, "GET", "/_fake/mailboxes/\(address)/inbox/stats")
        return try #require(try EnrollmentEnvironment.object(response.body)["duplicatesDropped"] as? Int)
    }

    func fakeControl(_ method: String, _ path: String, json: String? = nil) async throws -> RawResponse {
        try await RawClient.request(port: fake.port, method, path, headers: json == nil ? [:] : ["Content-Type": "application/json"], body: json)
    }

    /// The notice name in a Message-ID `<expiry.<org>.g<gen>.<notice>@a4b-calendar>`.
    static func notice(of message: [String: Any]) -> String {
        let id = message["messageId"] as? String ?? ""
        return String(id.split(separator: ".").dropFirst(3).joined(separator: ".").split(separator: "@").first ?? "")
    }
}
