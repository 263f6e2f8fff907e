// CrashSafetyTests: the real a4b-calendar SIGKILLed 50 times at random moments while four clients work on it at once:
// organizations created, Exchange links rotated back and forth between two service accounts, users created and their
// calendars linked, and the test clock moved so that password-expiry notices go out over SMTP. After every kill, while
// the service is down, SQLite's integrity check must say ok; after every restart each acknowledged write must be
// there, each link whole (its account and password still work together) and the clock where it was acknowledged; at
// the end every notice due must be in its inbox exactly once.
import Foundation
import Glibc
import Storage
import Synchronization
import TestSupport
import Testing

@Suite(.serialized) struct CrashSafetyTests {
    static let kills = 50
    static let userMailboxes = 1000
    /// The clock starts here and moves 12 hours per cycle; the notice organizations' password expires 16 days in.
    static let start = ISO8601DateFormatter().date(from: "2027-03-01T09:00:00Z")!
    static let expiry = start.addingTimeInterval(16 * 86_400)
    static let step: TimeInterval = 12 * 3600
    static let passwords = ["svc@contoso.com": "Svc-Secret-Plain-42!", "svc2@contoso.com": "Svc2-Secret-Plain-43!"]

    /// svc and svc2 may impersonate alice and u000…u999; it1…it3 receive the notices of the three notice organizations.
    static var fixture: String {
        let users = (0..<userMailboxes).map { String(format: "u%03d@contoso.com", $0) }
        let scope = (["alice@contoso.com"] + users).map { "\"\($0)\"" }.joined(separator: ", ")
        let mailboxes = (["alice@contoso.com", "it1@contoso.com", "it2@contoso.com", "it3@contoso.com"] + users).map {
            #"{"smtp": "\#($0)", "displayName": "\#($0)", "password": "x"}"#
        } + passwords.map { upn, password in
            #"{"smtp": "\#(upn)", "displayName": "\#(upn)", "password": "\#(password)", "impersonation": {"scope": [\#(scope)]}}"#
        }
        return #"{"server": {"build": "15.1.2507.6", "basicAuth": true}, "mailboxes": [\#(mailboxes.joined(separator: ",\n"))]}"#
    }

    /// The notices due by `now` for a password expiring at ``expiry``, in the order they fall due.
    static func noticesDue(by now: Date) -> [String] {
        let warnings = [("T-14d", 14), ("T-7d", 7), ("T-3d", 3), ("T-1d", 1)].filter { expiry.addingTimeInterval(Double(-$0.1) * 86_400) <= now }.map(\.0)
        let expiredDays = now < expiry ? 0 : Int(now.timeIntervalSince(expiry) / 86_400) + 1
        return warnings + (0..<expiredDays).map { "expired-day-\($0)" }
    }

    @Test func fiftyKillsOnSQLiteLoseNothingHalfWriteNothingAndSendNothingTwice() async throws {
        try await Self.killFiftyTimes(databaseURL: nil)
    }

    /// The same on PostgreSQL (one service on the shared database; no file to check, the rest the same).
    @Test func fiftyKillsOnPostgreSQLLoseNothingHalfWriteNothingAndSendNothingTwice() async throws {
        try await Self.killFiftyTimes(databaseURL: try await TestPostgres.newDatabase())
    }

    static func killFiftyTimes(databaseURL: String?) async throws {
        var generator = SystemRandomNumberGenerator()
        try await ExpiryEnvironment.with(databaseURL: databaseURL, fixture: Self.fixture) { env in
            try await env.setClock(Self.start)
            // Three organizations whose notices are counted, two whose link is rotated, one that gets users.
            var notified: [(id: String, key: String, inbox: String)] = []
            for index in 1...3 {
                let org = try await env.linkedOrganization(expires: Self.expiry, notificationEmail: "it\(index)@contoso.com")
                notified.append((org.id, org.key, "it\(index)@contoso.com"))
            }
            var rotated: [RotatedOrganization] = []
            for _ in 0..<2 {
                let org = try await env.linkedOrganization(expires: Self.expiry.addingTimeInterval(365 * 86_400))
                let alice = try await env.object("POST", "/v1/organizations/\(org.id)/users", token: org.key,
                                                 json: #"{"email": "alice@contoso.com"}"#, expect: 201)
                rotated.append(RotatedOrganization(id: org.id, key: org.key, alice: try #require(alice["id"] as? String), upn: "svc@contoso.com"))
            }
            let usersOrg = try await env.linkedOrganization(expires: Self.expiry.addingTimeInterval(365 * 86_400))

            let record = CrashRecord()
            var clock = Self.start
            var everyUser: [AcknowledgedUser] = [], everyOrganization: [(id: String, key: String)] = []
            for kill in 1...Self.kills {
                let work = CrashWorkload(port: env.service.port, adminToken: ExpiryEnvironment.adminToken, ews: env.ews, record: record,
                                         rotated: rotated, usersOrg: usersOrg, nextClock: clock.addingTimeInterval(Self.step))
                let running = Task { await work.run() }
                try await Task.sleep(for: .milliseconds(Int.random(in: 30...400, using: &generator)))
                await env.kill()
                work.stop()
                await running.value

                // Down: the database file is whole.
                if databaseURL == nil {
                    let integrity = try Self.integrityCheck(env.dataDir + "/a4b-calendar.sqlite")
                    #expect(integrity == ["ok"], "after kill \(kill): integrity_check says \(integrity)")
                }
                try await env.restart()

                // Up: what was acknowledged is there; what was in flight is there or not, never half.
                let cycle = record.takeCycle()
                for org in cycle.organizations {
                    let read = try await env.call("GET", "/v1/organizations/\(org.id)", token: org.key)
                    #expect(read.status == 200, "after kill \(kill): acknowledged organization \(org.id): \(read.status) \(read.body)")
                }
                for user in cycle.users {
                    let read = try await env.object("GET", "/v1/organizations/\(usersOrg.id)/users/\(user.id)", token: usersOrg.key)
                    #expect(read["email"] as? String == user.email, "after kill \(kill): acknowledged user \(user.id): \(read)")
                    if cycle.linkedCalendars.contains(user.id) {
                        #expect((read["calendar"] as? [String: Any])?["status"] as? String == "LINKED", "after kill \(kill): \(user.email)'s calendar: \(read)")
                    }
                }
                for index in rotated.indices {
                    let link = try await env.object("GET", "/v1/organizations/\(rotated[index].id)/exchange", token: rotated[index].key)
                    let upn = link["upn"] as? String ?? ""
                    let possible = [cycle.acknowledgedUPN[index] ?? rotated[index].upn] + (cycle.attemptedUPN[index].map { [$0] } ?? [])
                    #expect(possible.contains(upn), "after kill \(kill): link of \(rotated[index].id) is \(upn), expected one of \(possible)")
                    #expect(link["status"] as? String == "active", "after kill \(kill): \(link)")
                    // Whole: the stored account and password still open alice's calendar together.
                    let opened = try await env.call("PUT", "/v1/organizations/\(rotated[index].id)/users/\(rotated[index].alice)/calendar", token: rotated[index].key)
                    #expect(opened.status == 200, "after kill \(kill): the stored link of \(upn) does not work: \(opened.status) \(opened.body)")
                    rotated[index].upn = upn
                }
                let now = try #require(Instant.parse(try await env.object("GET", "/v1/admin/clock")["now"] as? String))
                let possibleClocks = [cycle.acknowledgedClock ?? clock] + (cycle.attemptedClock.map { [$0] } ?? [])
                #expect(possibleClocks.contains(now), "after kill \(kill): the clock is \(now), expected one of \(possibleClocks)")
                clock = now
                everyUser += cycle.users
                everyOrganization += cycle.organizations
            }

            // Every acknowledged user and organization, all at once at the end.
            for user in everyUser {
                #expect(try await env.call("GET", "/v1/organizations/\(usersOrg.id)/users/\(user.id)", token: usersOrg.key).status == 200, "\(user)")
            }
            for org in everyOrganization {
                #expect(try await env.call("GET", "/v1/organizations/\(org.id)", token: org.key).status == 200, "\(org.id)")
            }
            // A notice claimed by a process that was killed waits out its 5-minute claim: one more move delivers it.
            try await env.setClock(clock.addingTimeInterval(3600))
            let expected = Self.noticesDue(by: clock.addingTimeInterval(3600))
            var duplicates = 0
            for org in notified {
                let inbox = try await env.inbox(org.inbox)
                #expect(inbox.map(ExpiryEnvironment.notice(of:)) == expected, "\(org.inbox) after \(Self.kills) kills")
                duplicates += try await env.duplicatesDropped(org.inbox)
                let status = try await env.object("GET", "/v1/organizations/\(org.id)/exchange/expiry", token: org.key)
                #expect((status["notices"] as? [[String: Any]])?.filter { $0["state"] as? String == "sent" }.count == expected.count)
            }
            // Nothing secret in any log line of the 51 processes, nor (SQLite) in the database file.
            var search = SecretSearch()
            search.add("the admin token", ExpiryEnvironment.adminToken)
            for (upn, password) in Self.passwords { search.addPassword("\(upn)'s password", upn: upn, password: password) }
            for (index, org) in (notified.map { ($0.id, $0.key) } + rotated.map { ($0.id, $0.key) } + [usersOrg] + everyOrganization.prefix(20)).enumerated() {
                search.add("API key \(index) (\(org.0))", org.1)
            }
            let files = databaseURL == nil ? try SecretSearch.databaseFiles(in: env.dataDir, "after the kills") : []
            let leaks = search.leaks(logs: env.everyServiceLine + env.fake.lines, files: files)
            #expect(leaks.isEmpty, "\(leaks)")
            let totals = record.totals
            print("crash safety (\(databaseURL == nil ? "SQLite" : "PostgreSQL")): \(Self.kills) kills; acknowledged \(everyOrganization.count) organizations, \(everyUser.count) users, "
                  + "\(totals.calendars) calendar links, \(totals.rotations) rotations, \(totals.clockMoves) clock moves; "
                  + "\(expected.count) notices due in each of 3 inboxes, \(duplicates) resends dropped by Message-ID")
            // A resend can only come from a kill between the relay's 250 and the ledger's write; the inbox dropped it.
            #expect(duplicates <= Self.kills)
            #expect(totals.rotations >= Self.kills / 2 && everyUser.count >= Self.kills && totals.clockMoves >= Self.kills / 2,
                    "too little happened between kills to prove anything: \(totals)")
        }
    }

    /// `PRAGMA integrity_check` on the database file (the service must be down), as its rows.
    static func integrityCheck(_ path: String) throws -> [String] {
        let database = try SQLiteDatabase(path: path)
        return try database.performBlocking { session in
            try session.query("PRAGMA integrity_check").map { try $0.get("integrity_check") as String }
        }
    }
}

struct RotatedOrganization: Sendable {
    let id: String
    let key: String
    let alice: String
    /// The account the link is on, as last seen.
    var upn: String
}

struct AcknowledgedUser: Sendable, CustomStringConvertible {
    let id: String
    let email: String
    var description: String { "\(email) (\(id))" }
}

/// What the clients were told (acknowledged) and what they had asked for without an answer (attempted), per cycle.
final class CrashRecord: Sendable {
    struct Cycle: Sendable {
        var organizations: [(id: String, key: String)] = []
        var users: [AcknowledgedUser] = []
        var linkedCalendars: Set<String> = []
        /// Per rotated organization: the account of the last acknowledged link, and of one sent without an answer.
        var acknowledgedUPN: [Int: String] = [:]
        var attemptedUPN: [Int: String] = [:]
        var acknowledgedClock: Date?
        var attemptedClock: Date?
    }

    struct Totals: Sendable {
        var calendars = 0
        var rotations = 0
        var clockMoves = 0
    }

    private let state = Mutex<(cycle: Cycle, totals: Totals, nextUser: Int)>((Cycle(), Totals(), 0))

    func update(_ change: (inout Cycle, inout Totals) -> Void) { state.withLock { change(&$0.cycle, &$0.totals) } }

    /// A mailbox never used before (u000…), nil when all are.
    func nextMailbox() -> String? {
        state.withLock { state in
            guard state.nextUser < CrashSafetyTests.userMailboxes else { return nil }
            defer { state.nextUser += 1 }
            return String(format: "u%03d@contoso.com", state.nextUser)
        }
    }

    /// The cycle's record; the next cycle starts empty.
    func takeCycle() -> Cycle {
        state.withLock { state in
            defer { state.cycle = Cycle() }
            return state.cycle
        }
    }

    var totals: Totals { state.withLock { $0.totals } }
}

/// Four clients at once, each in a loop until ``stop()``: organizations created, the rotated organizations' links
/// switched between the two accounts, users created and their calendars linked, and one clock move (its notice pass).
final class CrashWorkload: Sendable {
    let port: Int
    let adminToken: String
    let ews: String
    let record: CrashRecord
    let rotated: [RotatedOrganization]
    let usersOrg: (id: String, key: String)
    let nextClock: Date
    private let stopped = Atomic<Bool>(false)

    init(port: Int, adminToken: String, ews: String, record: CrashRecord, rotated: [RotatedOrganization], usersOrg: (id: String, key: String),
         nextClock: Date) {
        self.port = port
        self.adminToken = adminToken
        self.ews = ews
        self.record = record
        self.rotated = rotated
        self.usersOrg = usersOrg
        self.nextClock = nextClock
    }

    func stop() { stopped.store(true, ordering: .relaxed) }
    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.createOrganizations() }
            group.addTask { await self.rotateLinks() }
            group.addTask { await self.createUsersAndLinkCalendars() }
            group.addTask { await self.moveTheClock() }
        }
    }

    /// One call; nil when there was no answer (the service died under it).
    private func call(_ method: String, _ path: String, token: String, json: String? = nil) async -> RawResponse? {
        var headers = ["Authorization": "Bearer \(token)"]
        if json != nil { headers["Content-Type"] = "application/json" }
        return try? await RawClient.request(port: port, method, path, headers: headers, body: json)
    }

    private func createOrganizations() async {
        while !isStopped {
            guard let response = await call("POST", "/v1/organizations", token: adminToken, json: #"{"name": "Crash"}"#) else { return }
            guard response.status == 201, let object = try? EnrollmentEnvironment.object(response.body),
                  let id = object["id"] as? String, let key = object["apiKey"] as? String else { continue }
            record.update { cycle, _ in cycle.organizations.append((id, key)) }
        }
    }

    private func rotateLinks() async {
        var upns = rotated.map(\.upn)
        var index = 0
        while !isStopped {
            let target = upns[index] == "svc@contoso.com" ? "svc2@contoso.com" : "svc@contoso.com"
            let body = EnrollmentEnvironment.json(["upn": target, "password": CrashSafetyTests.passwords[target]!, "ewsUrl": ews,
                                                   "accessMethod": "impersonation", "testMailbox": "alice@contoso.com"])
            let org = index
            record.update { cycle, _ in cycle.attemptedUPN[org] = target }
            guard let response = await call("PUT", "/v1/organizations/\(rotated[index].id)/exchange", token: rotated[index].key, json: body) else { return }
            if response.status == 200 {
                upns[index] = target
                record.update { cycle, totals in
                    cycle.acknowledgedUPN[org] = target
                    cycle.attemptedUPN[org] = nil
                    totals.rotations += 1
                }
            }
            index = (index + 1) % rotated.count
        }
    }

    private func createUsersAndLinkCalendars() async {
        let path = "/v1/organizations/\(usersOrg.id)/users"
        while !isStopped, let email = record.nextMailbox() {
            guard let created = await call("POST", path, token: usersOrg.key, json: #"{"email": "\#(email)"}"#) else { return }
            guard created.status == 201, let id = (try? EnrollmentEnvironment.object(created.body))?["id"] as? String else { continue }
            record.update { cycle, _ in cycle.users.append(AcknowledgedUser(id: id, email: email)) }
            guard let linked = await call("PUT", path + "/\(id)/calendar", token: usersOrg.key) else { return }
            if linked.status == 200 {
                record.update { cycle, totals in
                    cycle.linkedCalendars.insert(id)
                    totals.calendars += 1
                }
            }
        }
    }

    /// One move, at a random moment of the cycle, so that some kills land inside its notice pass.
    private func moveTheClock() async {
        try? await Task.sleep(for: .milliseconds(Int.random(in: 0...150)))
        guard !isStopped else { return }
        record.update { cycle, _ in cycle.attemptedClock = self.nextClock }
        guard let response = await call("POST", "/v1/admin/clock", token: adminToken, json: EnrollmentEnvironment.json(["now": Instant.format(nextClock)])),
              response.status == 200 else { return }
        record.update { cycle, totals in
            cycle.acknowledgedClock = self.nextClock
            cycle.attemptedClock = nil
            totals.clockMoves += 1
        }
    }
}
